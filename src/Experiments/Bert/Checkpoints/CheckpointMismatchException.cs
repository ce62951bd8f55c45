namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>
/// A checkpoint whose tensor names or shapes differ from the module's. The message lists every missing key (in the
/// module, not in the checkpoint), every unexpected key (in the checkpoint, not in the module) and every shape mismatch.
/// </summary>
public sealed class CheckpointMismatchException : InvalidOperationException
{
    public CheckpointMismatchException(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
        : base(Describe(source, missing, unexpected, mismatched))
    {
        Source = source;
        Missing = missing;
        Unexpected = unexpected;
        Mismatched = mismatched;
    }

    public new string Source { get; }

    public IReadOnlyList<string> Missing { get; }

    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Entries "name: checkpoint [a, b] vs module [c, d]" (or "vs config.json [c, d]" when the module was built from a config.json).</summary>
    public IReadOnlyList<string> Mismatched { get; }

    private static string Describe(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    {
        var lines = new List<string> { $"Checkpoint {source} does not match the module:" };
        if (missing.Count > 0) lines.Add($"  missing ({missing.Count}): {string.Join(", ", missing)}");
        if (unexpected.Count > 0) lines.Add($"  unexpected ({unexpected.Count}): {string.Join(", ", unexpected)}");
        if (mismatched.Count > 0) lines.Add($"  shape mismatch ({mismatched.Count}): {string.Join("; ", mismatched)}");
        return string.Join(Environment.NewLine, lines);
    }
}
