using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>Copies a checkpoint into a module after strict name and shape checks (dtype and device are converted).</summary>
public static class StateDictLoader
{
    /// <summary>
    /// Checks that <paramref name="state"/> and the module's state dict have the same names and shapes, then copies
    /// every value in place. Any difference throws <see cref="CheckpointMismatchException"/> before anything is copied.
    /// </summary>
    public static void LoadStrict(nn.Module module, IReadOnlyDictionary<string, Tensor> state, string source)
    {
        Dictionary<string, Tensor> targets = module.state_dict();
        var missing = targets.Keys.Where(k => !state.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = state.Keys.Where(k => !targets.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var mismatched = targets
            .Where(kv => state.TryGetValue(kv.Key, out Tensor? s) && !s.shape.SequenceEqual(kv.Value.shape))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}: checkpoint [{string.Join(", ", state[kv.Key].shape)}] vs module [{string.Join(", ", kv.Value.shape)}]")
            .ToList();
        if (missing.Count + unexpected.Count + mismatched.Count > 0)
        {
            throw new CheckpointMismatchException(source, missing, unexpected, mismatched);
        }

        using (no_grad())
        {
            foreach ((string name, Tensor target) in targets)
            {
                target.copy_(state[name]);
            }
        }
    }

    /// <summary>
    /// Loads part of a weights file (<see cref="HuggingFaceWeights.Read"/>: safetensors, a shard index, or a PyTorch
    /// pytorch_model.bin) after mapping its keys to ours (<see cref="CanonicalKey"/>): each module tensor whose name
    /// <paramref name="take"/> accepts gets the file's value when the file has it; every other module tensor keeps its
    /// value. Before anything is copied it throws <see cref="CheckpointMismatchException"/> naming every module tensor
    /// that <paramref name="required"/> accepts and the file lacks, a pooler the file holds only part of, every file
    /// tensor the module has no place for unless <paramref name="ignorable"/> accepts it, and every shape mismatch
    /// (the module is built from config.json, so shapes are checked against it); names carry their shard when sharded.
    /// Every file tensor is thus either copied once or listed in <see cref="PartialLoad.Ignored"/>.
    /// </summary>
    public static PartialLoad LoadPartial(
        nn.Module module, string path, Func<string, bool> take, Func<string, bool> required, Func<string, bool> ignorable)
    {
        using CheckpointTensors read = HuggingFaceWeights.Read(path);
        Dictionary<string, Tensor> own = module.state_dict();
        bool prefixed = own.Keys.Any(k => k.StartsWith("bert.", StringComparison.Ordinal));
        (Dictionary<string, Tensor> file, Dictionary<string, string> original) = CanonicalKeys(read, prefixed);
        string Where(string key) => read.Describe(original[key]) is var d && original[key] != key ? $"{d} as {key}" : d;

        var missing = own.Keys.Where(k => required(k) && !file.ContainsKey(k)).ToList();
        string[] pooler = own.Keys.Where(k => take(k) && k.Contains("pooler.", StringComparison.Ordinal)).ToArray();
        if (pooler.Any(file.ContainsKey)) missing.AddRange(pooler.Where(k => !file.ContainsKey(k)));
        var unexpected = file.Keys.Where(k => !own.ContainsKey(k) && !ignorable(k)).Select(Where).ToList();
        var mismatched = own
            .Where(kv => take(kv.Key) && file.TryGetValue(kv.Key, out Tensor? s) && !s.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{Where(kv.Key)}: checkpoint [{string.Join(", ", file[kv.Key].shape)}] vs config.json [{string.Join(", ", kv.Value.shape)}]")
            .ToList();
        if (missing.Count + unexpected.Count + mismatched.Count > 0)
        {
            throw new CheckpointMismatchException(path,
                missing.Distinct().Order(StringComparer.Ordinal).ToList(), unexpected.Order(StringComparer.Ordinal).ToList(), mismatched.Order(StringComparer.Ordinal).ToList());
        }

        var state = own.ToDictionary(kv => kv.Key, kv => take(kv.Key) && file.TryGetValue(kv.Key, out Tensor? loaded) ? loaded : kv.Value, StringComparer.Ordinal);
        LoadStrict(module, state, path);
        return new PartialLoad(
            Kept: own.Keys.Where(k => !(take(k) && file.ContainsKey(k))).Order(StringComparer.Ordinal).ToList(),
            Ignored: file.Keys.Where(k => !(own.ContainsKey(k) && take(k))).Select(k => original[k]).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The Hugging Face key variants a BERT checkpoint may use, in our (transformers' current) names: for a task model
    /// (<paramref name="prefixed"/>: its encoder is <c>bert.*</c>) a bare <c>BertModel</c>'s <c>embeddings.* / encoder.* /
    /// pooler.*</c> gain the <c>bert.</c> prefix, for a bare encoder a task model's <c>bert.</c> prefix is dropped, and
    /// TensorFlow-era <c>LayerNorm.gamma / LayerNorm.beta</c> become <c>LayerNorm.weight / LayerNorm.bias</c>.
    /// </summary>
    public static string CanonicalKey(string key, bool prefixed = true)
    {
        bool bare = key.StartsWith("embeddings.", StringComparison.Ordinal) || key.StartsWith("encoder.", StringComparison.Ordinal) || key.StartsWith("pooler.", StringComparison.Ordinal);
        if (prefixed && bare) key = "bert." + key;
        else if (!prefixed && key.StartsWith("bert.", StringComparison.Ordinal)) key = key["bert.".Length..];
        if (key.EndsWith(".LayerNorm.gamma", StringComparison.Ordinal)) key = key[..^"gamma".Length] + "weight";
        else if (key.EndsWith(".LayerNorm.beta", StringComparison.Ordinal)) key = key[..^"beta".Length] + "bias";
        return key;
    }

    // Canonical key -> tensor, and canonical key -> the file's own key; two file keys with one canonical key are an error.
    private static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Original) CanonicalKeys(CheckpointTensors read, bool prefixed)
    {
        var renamed = new Dictionary<string, Tensor>(read.Tensors.Count, StringComparer.Ordinal);
        var original = new Dictionary<string, string>(read.Tensors.Count, StringComparer.Ordinal);
        foreach ((string key, Tensor value) in read.Tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            string canonical = CanonicalKey(key, prefixed);
            if (!renamed.TryAdd(canonical, value))
                throw new CheckpointMismatchException(read.Source, [], [$"{read.Describe(key)} (a second tensor for {canonical}, after {read.Describe(original[canonical])})"], []);
            original[canonical] = key;
        }

        return (renamed, original);
    }

    /// <summary>Reads a safetensors file and loads it strictly into <paramref name="module"/>.</summary>
    public static void LoadSafetensors(nn.Module module, string path)
    {
        Dictionary<string, Tensor> state = SafetensorsTorch.LoadStateDict(path);
        try
        {
            LoadStrict(module, state, path);
        }
        finally
        {
            foreach (Tensor t in state.Values) t.Dispose();
        }
    }
}
