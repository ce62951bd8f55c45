using System.Globalization;

namespace MarketLab.Experiments.Data.Tabular;

/// <summary>
/// Simple, documented type heuristics (in the spirit of ML.NET AutoML's <c>ColumnInferenceApi</c>, much reduced):
/// <list type="number">
/// <item>A CSV field that is empty, <c>NA</c>, <c>NaN</c> or <c>?</c> is missing.</item>
/// <item>Boolean: every present value is true/false (any case). Missing becomes false.</item>
/// <item>Numeric: every present value parses as an invariant-culture number. Missing becomes NaN.</item>
/// <item>Otherwise text, and then: free <see cref="ColumnKind.Text"/> when values average at least
/// <see cref="TextMinMeanWords"/> words, else <see cref="ColumnKind.Categorical"/>.</item>
/// </list>
/// Categorical columns with more than <see cref="OneHotMaxCardinality"/> distinct values are hashed.
/// </summary>
public static class ColumnInference
{
    /// <summary>Mean whitespace-separated words per value from which a text column is free text.</summary>
    public const double TextMinMeanWords = 3;

    /// <summary>Distinct values up to which a categorical column is one-hot encoded (above: hashed, 2^10 slots).</summary>
    public const int OneHotMaxCardinality = 64;

    /// <summary>Whether a raw CSV field counts as missing.</summary>
    public static bool IsMissing(ReadOnlySpan<char> field)
    {
        var t = field.Trim();
        return t.Length == 0 || t.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || t.Equals("NaN", StringComparison.OrdinalIgnoreCase) || t.SequenceEqual("?");
    }

    /// <summary>The storage kind of a CSV column from its raw fields: Boolean, Numeric, or text (Categorical/Text).</summary>
    public static ColumnKind InferCsv(IReadOnlyList<string> fields)
    {
        var present = fields.Where(f => !IsMissing(f)).Select(f => f.Trim()).ToArray();
        if (present.Length > 0 && present.All(f => bool.TryParse(f, out _))) return ColumnKind.Boolean;
        if (present.All(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) return ColumnKind.Numeric;
        return InferText(present);
    }

    /// <summary>Categorical or free text, from the mean word count of the values.</summary>
    public static ColumnKind InferText(IReadOnlyCollection<string> values)
    {
        if (values.Count == 0) return ColumnKind.Categorical;
        var meanWords = values.Average(v => v.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        return meanWords >= TextMinMeanWords ? ColumnKind.Text : ColumnKind.Categorical;
    }
}
