using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>
/// A categorical parameter, possibly nested: each option may carry its own <see cref="SearchSpace"/>.
/// Coordinates: the first picks the option by equal-width buckets of [0, 1) (option k ↔ [k/n, (k+1)/n),
/// canonical point its centre); then every option's sub-space follows in order, so the vector length is
/// fixed. Inactive sub-spaces encode to their defaults, which is the imputation SMAC uses for inactive
/// conditional parameters (Hutter, Hoos &amp; Leyton-Brown, LION 2011, §4.3).
/// </summary>
public sealed class ChoiceParameter : Parameter
{
    private readonly ChoiceOption[] _options;
    private readonly int[] _offsets;

    /// <summary>Creates the choice; <paramref name="defaultOption"/> (the cheap one) defaults to the first option.</summary>
    public ChoiceParameter(string name, IEnumerable<ChoiceOption> options, string? defaultOption = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.ToArray();
        if (_options.Length == 0)
            throw new ArgumentException($"Parameter '{name}': a choice needs at least one option.", nameof(options));
        var duplicate = _options.GroupBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Parameter '{name}': option '{duplicate.Key}' appears twice.", nameof(options));
        _offsets = new int[_options.Length];
        var offset = 1;
        for (var k = 0; k < _options.Length; k++)
        {
            _offsets[k] = offset;
            offset += _options[k].Space.Dimension;
        }

        Dimension = offset;
        var d = defaultOption ?? _options[0].Name;
        var index = IndexOf(d);
        if (index < 0)
            throw new ArgumentOutOfRangeException(nameof(defaultOption), d, $"Parameter '{name}': the default must be one of {string.Join(", ", _options.Select(o => o.Name))}.");
        Default = ParameterValue.Choice(d, _options[index].Space.Default);
    }

    /// <summary>Creates a flat choice among names.</summary>
    public ChoiceParameter(string name, params string[] options) : this(name, options.Select(o => new ChoiceOption(o))) { }

    /// <summary>The options in declaration order (the order of the buckets).</summary>
    public IReadOnlyList<ChoiceOption> Options => _options;

    /// <inheritdoc />
    public override int Dimension { get; }

    /// <inheritdoc />
    public override ParameterValue Default { get; }

    internal override ParameterValue Decode(ReadOnlySpan<double> u)
    {
        var k = Bucket(u[0], _options.Length);
        var option = _options[k];
        return ParameterValue.Choice(option.Name, option.Space.Decode(u.Slice(_offsets[k], option.Space.Dimension)));
    }

    internal override void Encode(ParameterValue value, Span<double> u)
    {
        if (value.Kind != ParameterKind.Choice)
            throw new ArgumentException($"Parameter '{Name}' is a choice; got the {value.Kind} value {value}.", nameof(value));
        var chosen = IndexOf(value.AsChoice());
        if (chosen < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value.AsChoice(), $"Parameter '{Name}' must be one of {string.Join(", ", _options.Select(o => o.Name))}.");
        u[0] = (chosen + 0.5) / _options.Length;
        for (var k = 0; k < _options.Length; k++)
        {
            var space = _options[k].Space;
            space.Encode(k == chosen ? value.Nested : space.Default, u.Slice(_offsets[k], space.Dimension));
        }
    }

    internal override IEnumerable<double[]> GridLevels(int steps)
    {
        for (var k = 0; k < _options.Length; k++)
        {
            foreach (var sub in _options[k].Space.Grid(steps))
            {
                var u = new double[Dimension];
                Encode(ParameterValue.Choice(_options[k].Name, _options[k].Space.ToParameters(sub)), u);
                yield return u;
            }
        }
    }

    /// <summary>Offset of option <paramref name="k"/>'s sub-space inside this parameter's coordinates.</summary>
    internal int OptionOffset(int k) => _offsets[k];

    private int IndexOf(string option) => Array.FindIndex(_options, o => o.Name == option);
}
