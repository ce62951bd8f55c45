using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>
/// An integer parameter on [Min, Max] (inclusive), linear or log scale. The unit interval is cut into
/// one bucket per integer (equal width in the value, or in log(value) over [Min, Max + 1) for log scale);
/// a value encodes to its bucket's centre, so decode(encode(v)) = v and rounding is the same everywhere.
/// </summary>
public sealed class IntParameter : Parameter
{
    /// <summary>Creates the parameter; <paramref name="defaultValue"/> defaults to the cheap end (or Min).</summary>
    public IntParameter(string name, int min, int max, int? defaultValue = null,
        ParameterScale scale = ParameterScale.Linear, CostDirection cheap = CostDirection.None)
        : base(name)
    {
        if (min >= max)
            throw new ArgumentOutOfRangeException(nameof(max), max, $"Parameter '{name}': need min < max, got [{min}, {max}].");
        if (scale == ParameterScale.Log && min < 1)
            throw new ArgumentOutOfRangeException(nameof(min), min, $"Parameter '{name}': a log-scale int range needs min >= 1.");
        var d = defaultValue ?? (cheap == CostDirection.HighIsCheap ? max : min);
        if (d < min || d > max)
            throw new ArgumentOutOfRangeException(nameof(defaultValue), d, $"Parameter '{name}': the default must lie in [{min}, {max}].");
        (Min, Max, Scale, Cheap) = (min, max, scale, cheap);
        Default = ParameterValue.Int(d);
    }

    /// <summary>Smallest value.</summary>
    public int Min { get; }

    /// <summary>Largest value (inclusive).</summary>
    public int Max { get; }

    /// <summary>Linear or log.</summary>
    public ParameterScale Scale { get; }

    /// <summary>Which end is cheap to train.</summary>
    public CostDirection Cheap { get; }

    /// <inheritdoc />
    public override int Dimension => 1;

    /// <inheritdoc />
    public override ParameterValue Default { get; }

    private long Count => (long)Max - Min + 1;

    internal override ParameterValue Decode(ReadOnlySpan<double> u)
    {
        var t = Clamp01(u[0]);
        double v = Scale == ParameterScale.Log
            ? Math.Floor(Math.Exp(Math.Log(Min) + t * (Math.Log(Max + 1.0) - Math.Log(Min))))
            : Min + Math.Floor(t * Count);
        return ParameterValue.Int((int)Math.Clamp(v, Min, Max));
    }

    internal override void Encode(ParameterValue value, Span<double> u)
    {
        if (value.Kind != ParameterKind.Int)
            throw new ArgumentException($"Parameter '{Name}' is an int; got the {value.Kind} value {value}.", nameof(value));
        var v = value.AsInt();
        if (v < Min || v > Max)
            throw new ArgumentOutOfRangeException(nameof(value), v, $"Parameter '{Name}' must lie in [{Min}, {Max}].");
        u[0] = Scale == ParameterScale.Log
            ? (0.5 * (Math.Log(v) + Math.Log(v + 1.0)) - Math.Log(Min)) / (Math.Log(Max + 1.0) - Math.Log(Min))
            : (v - Min + 0.5) / Count;
    }

    internal override IEnumerable<double[]> GridLevels(int steps)
    {
        var values = Count <= steps
            ? Enumerable.Range(0, (int)Count).Select(i => Min + i)
            : steps == 1
                ? [Default.AsInt()]
                : Enumerable.Range(0, steps).Select(i => Decode([(double)i / (steps - 1)]).AsInt()).Distinct();
        foreach (var v in values)
        {
            var u = new double[1];
            Encode(ParameterValue.Int(v), u);
            yield return u;
        }
    }
}
