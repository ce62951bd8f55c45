using System.Globalization;

namespace MarketLab.Experiments.Data.Tabular;

/// <summary>
/// Turns raw CSV fields into typed feature columns by kind (inferred by <see cref="ColumnInference"/> or set by the
/// user): numbers to <c>float[]</c> (NaN = missing), Booleans to <c>bool[]</c>, categories and text to
/// <c>ReadOnlyMemory&lt;char&gt;[]</c>; an identifier to nothing (dropped); a date to the numeric
/// <see cref="DateParts"/> columns <c>name.year</c>, <c>name.month</c>, ... (missing dates are NaN in each).
/// </summary>
public static class ColumnTyping
{
    /// <summary>The numeric columns a date expands to, in order (suffixes after <c>name.</c>).</summary>
    public static readonly IReadOnlyList<string> DateParts = ["year", "month", "day", "dayofweek", "hour", "days"];

    /// <summary>Spellings of the kinds in <c>--column name:kind</c>.</summary>
    public static readonly IReadOnlyDictionary<string, ColumnKind> KindNames = new Dictionary<string, ColumnKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["numeric"] = ColumnKind.Numeric, ["boolean"] = ColumnKind.Boolean, ["categorical"] = ColumnKind.Categorical, ["text"] = ColumnKind.Text,
        ["identifier"] = ColumnKind.Identifier, ["ignore"] = ColumnKind.Identifier, ["date"] = ColumnKind.Date,
    };

    /// <summary>Reads <c>name:kind</c> overrides (the last colon splits, so a name may hold colons).</summary>
    /// <exception cref="ArgumentException">An entry without a colon, an empty name, or an unknown kind (the allowed kinds are listed).</exception>
    public static IReadOnlyDictionary<string, ColumnKind> ParseOverrides(IEnumerable<string>? entries)
    {
        var result = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        foreach (var entry in entries ?? [])
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0) throw new ArgumentException($"'{entry}' is not NAME:KIND (e.g. history_segment:categorical); kinds: {string.Join(", ", KindNames.Keys)}.");
            var name = entry[..colon].Trim();
            var kindName = entry[(colon + 1)..].Trim();
            if (!KindNames.TryGetValue(kindName, out var kind))
                throw new ArgumentException($"'{entry}': '{kindName}' is not a column kind; allowed: {string.Join(", ", KindNames.Keys)}.");
            result[name] = kind;
        }

        return result;
    }

    /// <summary>The typed columns of one raw column of kind <paramref name="kind"/> (none for an identifier, six for a date).</summary>
    /// <param name="source">Names the data in errors (a file path).</param>
    /// <param name="name">The column.</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="fields">Its raw fields, row by row.</param>
    /// <exception cref="FormatException">A value does not fit a kind the user forced (source, row, column and value named).</exception>
    public static IEnumerable<(string Name, Array Values, ColumnKind Kind)> Materialize(string source, string name, ColumnKind kind, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        switch (kind)
        {
            case ColumnKind.Identifier:
                yield break;
            case ColumnKind.Boolean:
                yield return (name, fields.Select((f, i) => !ColumnInference.IsMissing(f)
                    && (ColumnInference.TryParseBoolean(f, out var b) ? b : throw Bad(source, name, i, f, "true/false or yes/no"))).ToArray(), kind);
                yield break;
            case ColumnKind.Numeric:
                yield return (name, fields.Select((f, i) => ColumnInference.IsMissing(f) ? float.NaN
                    : double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (float)d : throw Bad(source, name, i, f, "a number")).ToArray(), kind);
                yield break;
            case ColumnKind.Date:
                var dates = fields.Select((f, i) => ColumnInference.IsMissing(f) ? (DateTime?)null
                    : ColumnInference.TryParseDate(f, out var t) ? t : throw Bad(source, name, i, f, "a date (" + string.Join(", ", ColumnInference.DateFormats.Take(3)) + ", ...)")).ToArray();
                foreach (var part in DateParts)
                    yield return ($"{name}.{part}", dates.Select(d => d is { } t ? Part(t, part) : float.NaN).ToArray(), ColumnKind.Numeric);
                yield break;
            default:
                yield return (name, fields.Select(f => (ColumnInference.IsMissing(f) ? "" : f.Trim()).AsMemory()).ToArray(), kind);
                yield break;
        }
    }

    private static float Part(DateTime t, string part) => part switch
    {
        "year" => t.Year,
        "month" => t.Month,
        "day" => t.Day,
        "dayofweek" => (int)t.DayOfWeek,
        "hour" => t.Hour + t.Minute / 60f,
        _ => (float)(t - DateTime.UnixEpoch).TotalDays, // "days": the trend, days since 1970-01-01
    };

    private static FormatException Bad(string source, string column, int row, string value, string expected) =>
        new($"{source}, row {row + 1}, column '{column}': '{value}' is not {expected} (the column's kind was set by the user).");
}
