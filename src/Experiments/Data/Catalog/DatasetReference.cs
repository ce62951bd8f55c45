namespace MarketLab.Experiments.Data.Catalog;

/// <summary>
/// A dataset name as written in a spec: <c>hillstrom</c>, <c>example:ab_units</c> or
/// <c>synthetic:campaign?customers=20000&amp;seed=1</c> (a name and URL-style query parameters).
/// </summary>
public sealed record DatasetReference(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Splits <c>NAME?k=v&amp;k=v</c>; the error names the bad piece.</summary>
    public static DatasetReference Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        int q = text.IndexOf('?');
        string name = (q < 0 ? text : text[..q]).Trim();
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (q >= 0)
        {
            foreach (string pair in text[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                if (eq <= 0) throw new ArgumentException($"Dataset '{text}': '{pair}' is not key=value.");
                if (!parameters.TryAdd(Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..])))
                    throw new ArgumentException($"Dataset '{text}': parameter '{pair[..eq]}' is given twice.");
            }
        }
        return new DatasetReference(name, parameters);
    }

    /// <summary>True for <c>synthetic:...</c> names.</summary>
    public bool IsGenerator => Name.StartsWith("synthetic:", StringComparison.Ordinal);
}
