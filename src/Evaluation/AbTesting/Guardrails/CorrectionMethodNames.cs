namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// The one table of spellings for <see cref="CorrectionMethod"/>, shared by the spec loader (<c>evaluation.correction</c>)
/// and <c>marketlab ab --correction</c>: <c>holm</c>, <c>bh</c> or <c>benjamini-hochberg</c>, <c>none</c>
/// (case-insensitive; the names of statsmodels' <c>multipletests</c> methods are <c>holm</c> and <c>fdr_bh</c>).
/// </summary>
public static class CorrectionMethodNames
{
    /// <summary>Every accepted spelling with its method; the first spelling of a method is its short name.</summary>
    public static IReadOnlyList<(string Name, CorrectionMethod Method)> Spellings { get; } =
    [
        ("holm", CorrectionMethod.Holm), ("bh", CorrectionMethod.BenjaminiHochberg),
        ("benjamini-hochberg", CorrectionMethod.BenjaminiHochberg), ("none", CorrectionMethod.None),
    ];

    /// <summary>The accepted spellings for an error message: <c>holm, bh, benjamini-hochberg, none</c>.</summary>
    public static string Valid { get; } = string.Join(", ", Spellings.Select(s => s.Name));

    /// <summary>The method a spelling names (trimmed, case-insensitive); false when it names none.</summary>
    public static bool TryParse(string? text, out CorrectionMethod method)
    {
        foreach (var (name, value) in Spellings)
        {
            if (string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                method = value;
                return true;
            }
        }
        method = default;
        return false;
    }

    /// <summary>The method's short name (<c>holm</c>, <c>bh</c>, <c>none</c>).</summary>
    public static string Name(CorrectionMethod method) =>
        Spellings.FirstOrDefault(s => s.Method == method).Name
        ?? throw new ArgumentOutOfRangeException(nameof(method), method, $"Unknown correction; use one of {Valid}.");
}
