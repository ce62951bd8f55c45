namespace MarketLab.Evaluation.AbTesting;

/// <summary>One arm's randomised units and the sufficient statistics of each metric, keyed by metric name.</summary>
public sealed record ArmData
{
    public ArmData(string name, long units, IReadOnlyDictionary<string, SufficientStatistics> metrics)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An arm needs a non-empty name.", nameof(name));
        if (units < 0) throw new ArgumentOutOfRangeException(nameof(units), units, $"Arm '{name}' cannot have a negative unit count.");
        ArgumentNullException.ThrowIfNull(metrics);
        Name = name;
        Units = units;
        Metrics = metrics;
    }

    public string Name { get; }

    /// <summary>Units randomised into the arm (used for the sample-ratio-mismatch check).</summary>
    public long Units { get; }

    public IReadOnlyDictionary<string, SufficientStatistics> Metrics { get; }
}
