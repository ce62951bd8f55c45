using System.Globalization;
using MarketLab.Experiments.AutoML.Runner;

namespace MarketLab.Experiments.AutoML.Search;

/// <summary>
/// One typed hyper-parameter value: an int, a float, or a choice (option name plus the option's own
/// nested <see cref="ParameterSet"/>, empty when the option has no sub-space).
/// </summary>
public readonly record struct ParameterValue
{
    private readonly double _number;
    private readonly string? _option;
    private readonly ParameterSet? _nested;

    private ParameterValue(ParameterKind kind, double number, string? option, ParameterSet? nested)
    {
        Kind = kind;
        _number = number;
        _option = option;
        _nested = nested;
    }

    /// <summary>The type of the value.</summary>
    public ParameterKind Kind { get; }

    /// <summary>An integer value.</summary>
    public static ParameterValue Int(int value) => new(ParameterKind.Int, value, null, null);

    /// <summary>A real value; it must be finite.</summary>
    public static ParameterValue Float(double value) =>
        double.IsFinite(value)
            ? new(ParameterKind.Float, value, null, null)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A float parameter must be finite.");

    /// <summary>A choice of <paramref name="option"/>, with the option's nested parameters (empty if none).</summary>
    public static ParameterValue Choice(string option, ParameterSet? nested = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(option);
        return new(ParameterKind.Choice, 0, option, nested ?? ParameterSet.Empty);
    }

    /// <summary>The integer; throws unless <see cref="Kind"/> is <see cref="ParameterKind.Int"/>.</summary>
    public int AsInt() => Kind == ParameterKind.Int ? (int)_number : throw WrongKind(ParameterKind.Int);

    /// <summary>The number as a double; ints widen. Throws for choices.</summary>
    public double AsDouble() => Kind != ParameterKind.Choice ? _number : throw WrongKind(ParameterKind.Float);

    /// <summary>The chosen option's name; throws unless <see cref="Kind"/> is <see cref="ParameterKind.Choice"/>.</summary>
    public string AsChoice() => Kind == ParameterKind.Choice ? _option! : throw WrongKind(ParameterKind.Choice);

    /// <summary>The chosen option's own parameters (empty when the option has no sub-space).</summary>
    public ParameterSet Nested => Kind == ParameterKind.Choice ? _nested! : throw WrongKind(ParameterKind.Choice);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ParameterKind.Int => ((int)_number).ToString(CultureInfo.InvariantCulture),
        ParameterKind.Float => _number.ToString("R", CultureInfo.InvariantCulture),
        _ => _nested!.Count == 0 ? _option! : $"{_option}{_nested}",
    };

    private InvalidOperationException WrongKind(ParameterKind wanted) =>
        new($"The value {this} is a {Kind} parameter, not a {wanted} parameter.");
}
