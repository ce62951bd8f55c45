using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>
/// An immutable set of named parameters and its bijection-up-to-rounding with the unit cube [0, 1]^d.
/// Parameters are ordered by name (ordinal), so a stored vector does not depend on declaration order.
/// Log-scale parameters are uniform in log space, so uniform sampling of the cube is log-uniform.
/// </summary>
public sealed class SearchSpace
{
    private readonly Parameter[] _parameters;
    private readonly int[] _offsets;

    /// <summary>Creates the space; names must be unique.</summary>
    public SearchSpace(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
        _offsets = new int[_parameters.Length];
        var offset = 0;
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (i > 0 && _parameters[i].Name == _parameters[i - 1].Name)
                throw new ArgumentException($"Parameter name '{_parameters[i].Name}' appears twice; names must be unique.", nameof(parameters));
            _offsets[i] = offset;
            offset += _parameters[i].Dimension;
        }

        Dimension = offset;
        Default = Decode(EncodeDefaults());
    }

    /// <summary>Creates the space from the listed parameters.</summary>
    public SearchSpace(params Parameter[] parameters) : this((IEnumerable<Parameter>)parameters) { }

    /// <summary>The space with no parameters (a learner without hyper-parameters).</summary>
    public static SearchSpace Empty { get; } = new(Array.Empty<Parameter>());

    /// <summary>The parameters, ordered by name.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Length of the unit-cube vectors.</summary>
    public int Dimension { get; }

    /// <summary>Every parameter at its explicit default: the low-cost point cost-frugal search starts from.</summary>
    public ParameterSet Default { get; }

    /// <summary>Maps a unit-cube vector (coordinates clamped to [0, 1]) to parameters.</summary>
    public ParameterSet ToParameters(ReadOnlySpan<double> vector)
    {
        if (vector.Length != Dimension)
            throw new ArgumentException($"The vector has length {vector.Length}; this space needs {Dimension}.", nameof(vector));
        return Decode(vector);
    }

    /// <summary>Maps parameters to their canonical unit-cube vector (bucket centres for ints and choices).</summary>
    public double[] ToVector(ParameterSet parameters)
    {
        var u = new double[Dimension];
        Encode(parameters, u);
        return u;
    }

    /// <summary>The canonical vector of the parameters <paramref name="vector"/> decodes to.</summary>
    public double[] Canonicalize(ReadOnlySpan<double> vector) => ToVector(ToParameters(vector));

    /// <summary>A uniform vector of [0, 1)^d drawn from <paramref name="random"/>.</summary>
    public double[] SampleVector(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u = new double[Dimension];
        for (var i = 0; i < u.Length; i++) u[i] = random.NextDouble();
        return u;
    }

    /// <summary>Parameters drawn uniformly over the cube (log-uniform on log-scale ranges).</summary>
    public ParameterSet Sample(Random random) => Decode(SampleVector(random));

    internal ParameterSet Decode(ReadOnlySpan<double> u)
    {
        var entries = new KeyValuePair<string, ParameterValue>[_parameters.Length];
        for (var i = 0; i < _parameters.Length; i++)
            entries[i] = new(_parameters[i].Name, _parameters[i].Decode(u.Slice(_offsets[i], _parameters[i].Dimension)));
        return new ParameterSet(entries);
    }

    internal void Encode(ParameterSet parameters, Span<double> u)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var extra = parameters.Keys.FirstOrDefault(k => Array.FindIndex(_parameters, p => p.Name == k) < 0);
        if (extra is not null)
            throw new ArgumentException($"Parameter '{extra}' is not in the space; allowed: {string.Join(", ", _parameters.Select(p => p.Name))}.", nameof(parameters));
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (!parameters.TryGetValue(_parameters[i].Name, out var value))
                throw new ArgumentException($"Parameter '{_parameters[i].Name}' is missing.", nameof(parameters));
            _parameters[i].Encode(value, u.Slice(_offsets[i], _parameters[i].Dimension));
        }
    }

    /// <summary>Coordinates that pick a choice's option (including nested choices), in order.</summary>
    internal IEnumerable<int> ChoiceCoordinates()
    {
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i] is not ChoiceParameter choice) continue;
            yield return _offsets[i];
            for (var k = 0; k < choice.Options.Count; k++)
            {
                foreach (var j in choice.Options[k].Space.ChoiceCoordinates())
                    yield return _offsets[i] + choice.OptionOffset(k) + j;
            }
        }
    }

    /// <summary>Canonical vectors of the full grid, last parameter varying fastest (lazy).</summary>
    internal IEnumerable<double[]> Grid(int steps) => GridFrom(0, steps);

    private IEnumerable<double[]> GridFrom(int index, int steps)
    {
        if (index == _parameters.Length)
        {
            yield return new double[Dimension];
            yield break;
        }

        foreach (var level in _parameters[index].GridLevels(steps))
        {
            foreach (var rest in GridFrom(index + 1, steps))
            {
                level.CopyTo(rest, _offsets[index]);
                yield return rest;
            }
        }
    }

    private double[] EncodeDefaults()
    {
        var u = new double[Dimension];
        for (var i = 0; i < _parameters.Length; i++)
            _parameters[i].Encode(_parameters[i].Default, u.AsSpan(_offsets[i], _parameters[i].Dimension));
        return u;
    }
}
