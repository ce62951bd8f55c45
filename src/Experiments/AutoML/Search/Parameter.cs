using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>
/// One named hyper-parameter and its map onto unit-cube coordinates. Tuners never see values, only
/// coordinates in [0, 1]: the same seam as ML.NET AutoML's search spaces (Microsoft.ML.SearchSpace),
/// so every tuner works unchanged on ints, floats, log scales and nested choices.
/// </summary>
public abstract class Parameter
{
    private protected Parameter(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The option name as the trainer spells it (ML.NET's, e.g. <c>NumberOfLeaves</c>).</summary>
    public string Name { get; }

    /// <summary>How many unit-cube coordinates the parameter occupies (1, plus sub-spaces for choices).</summary>
    public abstract int Dimension { get; }

    /// <summary>The explicit default: the low-cost starting point for cost-frugal search.</summary>
    public abstract ParameterValue Default { get; }

    /// <summary>Maps coordinates (clamped to [0, 1]) to a value.</summary>
    internal abstract ParameterValue Decode(ReadOnlySpan<double> u);

    /// <summary>Maps a value to its canonical coordinates; throws if the value is outside the parameter's range.</summary>
    internal abstract void Encode(ParameterValue value, Span<double> u);

    /// <summary>Canonical coordinates of at most <paramref name="steps"/> evenly spread values (all options for choices).</summary>
    internal abstract IEnumerable<double[]> GridLevels(int steps);

    /// <summary>Clamps a coordinate into [0, 1] (NaN is a programming error upstream).</summary>
    private protected static double Clamp01(double u) =>
        double.IsNaN(u) ? throw new ArgumentException("A unit-cube coordinate is NaN.", nameof(u)) : Math.Clamp(u, 0, 1);

    /// <summary>The bucket of <paramref name="u"/> among <paramref name="n"/> equal-width buckets of [0, 1).</summary>
    private protected static int Bucket(double u, int n) => Math.Min((int)Math.Floor(Clamp01(u) * n), n - 1);
}
