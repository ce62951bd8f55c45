using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Data;

/// <summary>
/// Where a metric's per-unit values live in a unit log: one column for proportions and means,
/// numerator and denominator columns for ratios, each optionally followed by pre-period
/// (CUPED covariate) columns. <see cref="Columns"/> is in <see cref="MetricEstimator"/>'s variable layout.
/// </summary>
public sealed record UnitLogMetric
{
    private UnitLogMetric(string name, MetricKind kind, IReadOnlyList<string> columns, bool hasCovariate)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A metric needs a non-empty name.", nameof(name));
        foreach (string c in columns)
            if (string.IsNullOrWhiteSpace(c)) throw new ArgumentException($"Metric '{name}' names an empty column.", nameof(columns));
        Name = name;
        Kind = kind;
        Columns = columns;
        HasCovariate = hasCovariate;
    }

    /// <summary>The metric's name (used as the key of the aggregated statistics).</summary>
    public string Name { get; }

    public MetricKind Kind { get; }

    /// <summary>Column names in variable order: [y] or [y, y_pre]; [num, den] or [num, den, num_pre, den_pre].</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Whether pre-period covariate columns are included.</summary>
    public bool HasCovariate { get; }

    /// <summary>Number of per-unit variables (the statistics' dimension).</summary>
    public int Dimension => Columns.Count;

    /// <summary>A 0/1 outcome column, optionally with a pre-period covariate column.</summary>
    public static UnitLogMetric Proportion(string name, string column, string? covariateColumn = null) =>
        Single(name, MetricKind.Proportion, column, covariateColumn);

    /// <summary>A per-unit value column, optionally with a pre-period covariate column.</summary>
    public static UnitLogMetric Mean(string name, string column, string? covariateColumn = null) =>
        Single(name, MetricKind.Mean, column, covariateColumn);

    /// <summary>Σ numerator / Σ denominator, optionally with pre-period numerator and denominator columns.</summary>
    public static UnitLogMetric Ratio(string name, string numerator, string denominator,
        string? preNumerator = null, string? preDenominator = null)
    {
        if ((preNumerator is null) != (preDenominator is null))
            throw new ArgumentException($"Ratio metric '{name}' needs both pre-period columns (numerator and denominator) or neither.", nameof(preNumerator));
        return preNumerator is null
            ? new UnitLogMetric(name, MetricKind.Ratio, [numerator, denominator], false)
            : new UnitLogMetric(name, MetricKind.Ratio, [numerator, denominator, preNumerator, preDenominator!], true);
    }

    /// <summary>Whether variable <paramref name="index"/> is a ratio denominator (a count, so never negative).</summary>
    public bool IsDenominator(int index) => Kind == MetricKind.Ratio && index % 2 == 1;

    /// <summary>Whether variable <paramref name="index"/> is a proportion's 0/1 outcome.</summary>
    public bool IsBinaryOutcome(int index) => Kind == MetricKind.Proportion && index == 0;

    private static UnitLogMetric Single(string name, MetricKind kind, string column, string? covariateColumn) =>
        covariateColumn is null
            ? new UnitLogMetric(name, kind, [column], false)
            : new UnitLogMetric(name, kind, [column, covariateColumn], true);
}
