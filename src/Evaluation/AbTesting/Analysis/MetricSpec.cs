namespace MarketLab.Evaluation.AbTesting;

/// <summary>A metric to analyse: its name (the key of its statistics in <see cref="ExperimentData"/>), kind and whether CUPED applies.</summary>
public sealed record MetricSpec
{
    public MetricSpec(string name, MetricKind kind, bool hasCovariate = false)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A metric needs a non-empty name.", nameof(name));
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown metric kind.");
        Name = name;
        Kind = kind;
        HasCovariate = hasCovariate;
    }

    public string Name { get; }
    public MetricKind Kind { get; }

    /// <summary>Whether the statistics carry a pre-period covariate (CUPED).</summary>
    public bool HasCovariate { get; }

    /// <summary>Variables per unit this metric's statistics must hold.</summary>
    public int Dimension => MetricEstimator.Dimension(Kind, HasCovariate);
}
