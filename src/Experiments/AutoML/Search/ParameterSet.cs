using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarketLab.Experiments.AutoML.Runner;

namespace MarketLab.Experiments.AutoML.Search;

/// <summary>
/// An immutable map from parameter name to typed value, ordered by name (ordinal), so equal sets
/// enumerate, print and serialise identically. This is what a trial stores and what a trainer reads.
/// </summary>
/// <remarks>
/// JSON form (System.Text.Json, see <see cref="ToJson"/>): ints are JSON integers, floats always carry
/// a decimal point or exponent (so 4 and 4.0 stay distinct types), a plain choice is a string, and a
/// choice with nested parameters is <c>{"choice": name, "parameters": {...}}</c>.
/// </remarks>
[JsonConverter(typeof(ParameterSetJsonConverter))]
public sealed class ParameterSet : IReadOnlyDictionary<string, ParameterValue>, IEquatable<ParameterSet>
{
    private static readonly JsonSerializerOptions Compact = new();
    private readonly KeyValuePair<string, ParameterValue>[] _entries;

    /// <summary>Builds a set; names must be unique and non-blank.</summary>
    public ParameterSet(IEnumerable<KeyValuePair<string, ParameterValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        for (var i = 0; i < _entries.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(_entries[i].Key))
                throw new ArgumentException("Parameter names must be non-blank.", nameof(entries));
            if (i > 0 && _entries[i].Key == _entries[i - 1].Key)
                throw new ArgumentException($"Parameter name '{_entries[i].Key}' appears twice; names must be unique.", nameof(entries));
        }
    }

    /// <summary>The set with no parameters.</summary>
    public static ParameterSet Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <inheritdoc />
    public IEnumerable<ParameterValue> Values => _entries.Select(e => e.Value);

    /// <inheritdoc />
    public ParameterValue this[string key] =>
        TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"No parameter named '{key}'; the set has: {string.Join(", ", Keys)}.");

    /// <summary>The named int value.</summary>
    public int GetInt(string name) => this[name].AsInt();

    /// <summary>The named number (ints widen to double).</summary>
    public double GetDouble(string name) => this[name].AsDouble();

    /// <summary>The named choice's option.</summary>
    public string GetChoice(string name) => this[name].AsChoice();

    /// <summary>The nested parameters of the named choice's chosen option.</summary>
    public ParameterSet GetNested(string name) => this[name].Nested;

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, out ParameterValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : default;
        return i >= 0;
    }

    /// <summary>Serialises to compact JSON (see the type's remarks for the format).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Compact);

    /// <summary>Reads the format written by <see cref="ToJson"/>.</summary>
    public static ParameterSet FromJson(string json) =>
        JsonSerializer.Deserialize<ParameterSet>(json, Compact)
        ?? throw new JsonException("Expected a JSON object of parameters, found null.");

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, ParameterValue>> GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, ParameterValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(ParameterSet? other) =>
        other is not null && (ReferenceEquals(this, other) || _entries.AsSpan().SequenceEqual(other._entries));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ParameterSet);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _entries)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}={e.Value}")) + "}";

    private int IndexOf(string key)
    {
        int lo = 0, hi = _entries.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var c = string.CompareOrdinal(_entries[mid].Key, key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }

        return -1;
    }
}
