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
