using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>A real-valued parameter on [Min, Max], linear or log scale.</summary>
public sealed class FloatParameter : Parameter
{
    /// <summary>Creates the parameter; <paramref name="defaultValue"/> defaults to the cheap end (or Min).</summary>
    public FloatParameter(string name, double min, double max, double? defaultValue = null,
        ParameterScale scale = ParameterScale.Linear, CostDirection cheap = CostDirection.None)
        : base(name)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentOutOfRangeException(nameof(max), max, $"Parameter '{name}': need finite min < max, got [{min}, {max}].");
        if (scale == ParameterScale.Log && !(min > 0))
            throw new ArgumentOutOfRangeException(nameof(min), min, $"Parameter '{name}': a log-scale range needs min > 0.");
        var d = defaultValue ?? (cheap == CostDirection.HighIsCheap ? max : min);
        if (!(d >= min && d <= max))
            throw new ArgumentOutOfRangeException(nameof(defaultValue), d, $"Parameter '{name}': the default must lie in [{min}, {max}].");
        (Min, Max, Scale, Cheap) = (min, max, scale, cheap);
        Default = ParameterValue.Float(d);
    }

    /// <summary>Smallest value.</summary>
    public double Min { get; }

    /// <summary>Largest value.</summary>
    public double Max { get; }

    /// <summary>Linear or log.</summary>
    public ParameterScale Scale { get; }

    /// <summary>Which end is cheap to train.</summary>
    public CostDirection Cheap { get; }

    /// <inheritdoc />
    public override int Dimension => 1;

    /// <inheritdoc />
    public override ParameterValue Default { get; }

    internal override ParameterValue Decode(ReadOnlySpan<double> u)
    {
        var t = Clamp01(u[0]);
        var x = Scale == ParameterScale.Log
            ? Math.Exp(Math.Log(Min) + t * (Math.Log(Max) - Math.Log(Min)))
            : Min + t * (Max - Min);
        return ParameterValue.Float(Math.Clamp(x, Min, Max));
    }

    internal override void Encode(ParameterValue value, Span<double> u)
    {
        if (value.Kind == ParameterKind.Choice)
            throw new ArgumentException($"Parameter '{Name}' is a float; got the choice {value}.", nameof(value));
        var x = value.AsDouble();
        if (!(x >= Min && x <= Max))
            throw new ArgumentOutOfRangeException(nameof(value), x, $"Parameter '{Name}' must lie in [{Min}, {Max}].");
        u[0] = Scale == ParameterScale.Log
            ? (Math.Log(x) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min))
            : (x - Min) / (Max - Min);
    }

    internal override IEnumerable<double[]> GridLevels(int steps)
    {
        if (steps == 1)
        {
            var u = new double[1];
            Encode(Default, u);
            return [u];
        }

        return Enumerable.Range(0, steps).Select(i => new[] { (double)i / (steps - 1) });
    }
}
