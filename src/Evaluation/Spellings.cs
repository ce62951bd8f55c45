namespace MarketLab.Evaluation;

/// <summary>
/// The accepted spellings of a closed set (an enum) as written in specs and on the command line: one table per set,
/// shared by every reader, so a spec and the CLI accept the same words and their errors list the same values.
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
public sealed class Spellings<T> where T : struct, Enum
{
    private readonly StringComparison _comparison;

    /// <param name="table">Every spelling with its value; the first spelling of a value is its short name.</param>
    /// <param name="ignoreCase">Whether <see cref="TryParse"/> ignores case.</param>
    public Spellings(IReadOnlyList<(string Name, T Value)> table, bool ignoreCase = true)
    {
        ArgumentNullException.ThrowIfNull(table);
        All = table;
        Valid = string.Join(", ", table.Select(s => s.Name));
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    /// <summary>Every accepted spelling with its value.</summary>
    public IReadOnlyList<(string Name, T Value)> All { get; }

    /// <summary>The accepted spellings for an error message, e.g. <c>holm, bh, benjamini-hochberg, none</c>.</summary>
    public string Valid { get; }

    /// <summary>The value a spelling names (trimmed); false when it names none.</summary>
    public bool TryParse(string? text, out T value)
    {
        foreach (var (name, candidate) in All)
        {
            if (string.Equals(name, text?.Trim(), _comparison))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The value's short name (its first spelling).</summary>
    public string Name(T value) =>
        All.FirstOrDefault(s => EqualityComparer<T>.Default.Equals(s.Value, value)).Name
        ?? throw new ArgumentOutOfRangeException(nameof(value), value, $"Unknown {typeof(T).Name}; use one of {Valid}.");
}
