using System.Globalization;

namespace MarketLab.Experiments.Data.Tabular;

/// <summary>
/// Column types decided as a careful analyst would (in the spirit of ML.NET AutoML's <c>ColumnInferenceApi</c>), in
/// this order, over the present values of a column (<see cref="IsMissing"/>):
/// <list type="number">
/// <item>Boolean: every value is true/false or yes/no (any case).</item>
/// <item>Numeric: every value parses as an invariant-culture number, unless it is an integer key named like an id
/// (<c>id</c>, <c>customer_id</c>, <c>userId</c>) with a different value on every row: then Identifier.</item>
/// <item>Date: every value is an ISO-8601 date or time stamp (<see cref="DateFormats"/>).</item>
/// <item>Categorical (one-hot) when the values repeat: at most <see cref="OneHotMaxCardinality"/> distinct values,
/// each seen twice on average. Hillstrom's <c>history_segment</c> (<c>2) $100 - $200</c>, 7 values on 64,000 rows) is
/// one, however many words a value has.</item>
/// <item>Free <see cref="ColumnKind.Text"/>: values average at least <see cref="TextMinMeanWords"/> words.</item>
/// <item>Identifier: single-token values, all distinct, on at least <see cref="IdentifierMinRows"/> rows.</item>
/// <item>Otherwise Categorical; hashed above <see cref="OneHotMaxCardinality"/> distinct values.</item>
/// </list>
/// </summary>
public static class ColumnInference
{
    /// <summary>Mean whitespace-separated words per value from which a non-repeating text column is free text.</summary>
    public const double TextMinMeanWords = 3;

    /// <summary>Distinct values up to which a categorical column is one-hot encoded (above: hashed, 2^10 slots).</summary>
    public const int OneHotMaxCardinality = 64;

    /// <summary>Rows from which an all-distinct column counts as an identifier (fewer rows cannot tell).</summary>
    public const int IdentifierMinRows = 20;

    /// <summary>Formats read as dates (invariant culture); anything else stays text.</summary>
    public static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", "yyyy-MM-ddTHH:mm:sszzz", "yyyy/MM/dd",
    ];

    /// <summary>Whether a raw CSV field counts as missing.</summary>
    public static bool IsMissing(ReadOnlySpan<char> field)
    {
        var t = field.Trim();
        return t.Length == 0 || t.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || t.Equals("NaN", StringComparison.OrdinalIgnoreCase) || t.SequenceEqual("?");
    }

    /// <summary>The kind of a CSV column from its raw fields (see the class remarks for the rules).</summary>
    public static ColumnKind InferCsv(IReadOnlyList<string> fields) => Infer("", fields).Kind;

    /// <summary>The kind of column <paramref name="name"/> from its raw fields, with the counts that decided it.</summary>
    public static InferredColumn Infer(string name, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var present = fields.Where(f => !IsMissing(f)).Select(f => f.Trim()).ToArray();
        var distinct = present.Distinct(StringComparer.Ordinal).Count();
        InferredColumn Result(ColumnKind kind) => new(name, kind, distinct, present.Length);
        if (present.Length > 0 && present.All(IsBoolean)) return Result(ColumnKind.Boolean);
        if (present.All(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            return Result(LooksLikeIdName(name) && distinct == present.Length && present.Length >= IdentifierMinRows
                          && present.All(f => long.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                ? ColumnKind.Identifier : ColumnKind.Numeric);
        if (present.All(f => TryParseDate(f, out _))) return Result(ColumnKind.Date);
        return Result(InferText(present));
    }

    /// <summary>Categorical, free text or identifier for text values (the last four rules of the class remarks).</summary>
    public static ColumnKind InferText(IReadOnlyCollection<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return ColumnKind.Categorical;
        var distinct = values.Distinct(StringComparer.Ordinal).Count();
        if (distinct <= OneHotMaxCardinality && 2 * distinct <= values.Count) return ColumnKind.Categorical;
        var meanWords = values.Average(v => v.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        if (meanWords >= TextMinMeanWords) return ColumnKind.Text;
        if (distinct == values.Count && values.Count >= IdentifierMinRows && values.All(v => !v.Any(char.IsWhiteSpace)))
            return ColumnKind.Identifier;
        return ColumnKind.Categorical;
    }

    /// <summary>true/false or yes/no, any case.</summary>
    public static bool IsBoolean(string value) => TryParseBoolean(value, out _);

    /// <summary>Reads true/false or yes/no (any case, trimmed).</summary>
    public static bool TryParseBoolean(string value, out bool result)
    {
        var t = value.Trim();
        if (bool.TryParse(t, out result)) return true;
        if (t.Equals("yes", StringComparison.OrdinalIgnoreCase)) { result = true; return true; }
        if (t.Equals("no", StringComparison.OrdinalIgnoreCase)) { result = false; return true; }
        return false;
    }

    /// <summary>Reads a date in one of <see cref="DateFormats"/>.</summary>
    public static bool TryParseDate(string value, out DateTime date) =>
        DateTime.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date);

    // id, ID, Id, customer_id, customer-id, customerId, CustomerID, user.id: an id word at the end of the name.
    private static bool LooksLikeIdName(string name)
    {
        if (name.Length < 2) return false;
        if (name.Equals("id", StringComparison.OrdinalIgnoreCase)) return true;
        var tail = name[^2..];
        if (tail is "Id" or "ID") return name.Length > 2;
        return tail.Equals("id", StringComparison.OrdinalIgnoreCase) && name.Length > 2 && name[^3] is '_' or '-' or '.' or ' ';
    }
}
