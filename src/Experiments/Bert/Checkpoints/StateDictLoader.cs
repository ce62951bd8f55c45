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
    /// Loads part of a safetensors file: each module tensor whose name <paramref name="take"/> accepts gets the file's
    /// value when the file has it; every other module tensor keeps its value. Before anything is copied it throws
    /// <see cref="CheckpointMismatchException"/> naming every module tensor that <paramref name="required"/> accepts and
    /// the file lacks, every file tensor the module has no place for unless <paramref name="ignorable"/> accepts it, and
    /// (through <see cref="LoadStrict"/>) every shape mismatch. Returns the module names that kept their value.
    /// </summary>
    public static IReadOnlyList<string> LoadPartial(
        nn.Module module, string path, Func<string, bool> take, Func<string, bool> required, Func<string, bool> ignorable)
    {
        Dictionary<string, Tensor> file = SafetensorsTorch.LoadStateDict(path);
        try
        {
            Dictionary<string, Tensor> own = module.state_dict();
            file = CanonicalKeys(file, path, prefixed: own.Keys.Any(k => k.StartsWith("bert.", StringComparison.Ordinal)));
            var missing = own.Keys.Where(k => required(k) && !file.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            var unexpected = file.Keys.Where(k => !own.ContainsKey(k) && !ignorable(k)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count + unexpected.Count > 0) throw new CheckpointMismatchException(path, missing, unexpected, []);
            var state = own.ToDictionary(kv => kv.Key, kv => take(kv.Key) && file.TryGetValue(kv.Key, out Tensor? loaded) ? loaded : kv.Value, StringComparer.Ordinal);
            LoadStrict(module, state, path);
            return own.Keys.Where(k => !(take(k) && file.ContainsKey(k))).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            foreach (Tensor t in file.Values) t.Dispose();
        }
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

    private static Dictionary<string, Tensor> CanonicalKeys(Dictionary<string, Tensor> file, string path, bool prefixed)
    {
        var renamed = new Dictionary<string, Tensor>(file.Count, StringComparer.Ordinal);
        foreach ((string key, Tensor value) in file)
        {
            string canonical = CanonicalKey(key, prefixed);
            if (!renamed.TryAdd(canonical, value))
                throw new CheckpointMismatchException(path, [], [$"{key} (a second tensor for {canonical})"], []);
        }

        return renamed;
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
