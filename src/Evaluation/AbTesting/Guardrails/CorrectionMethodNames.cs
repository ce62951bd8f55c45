namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// The one table of spellings for <see cref="CorrectionMethod"/>, shared by the spec loader (<c>evaluation.correction</c>)
/// and <c>marketlab ab --correction</c>: <c>holm</c>, <c>bh</c> or <c>benjamini-hochberg</c>, <c>none</c>
/// (case-insensitive; statsmodels' <c>multipletests</c> calls them <c>holm</c> and <c>fdr_bh</c>).
/// </summary>
public static class CorrectionMethodNames
{
    /// <summary>Every accepted spelling.</summary>
    public static Spellings<CorrectionMethod> Table { get; } = new(
    [
        ("holm", CorrectionMethod.Holm), ("bh", CorrectionMethod.BenjaminiHochberg),
        ("benjamini-hochberg", CorrectionMethod.BenjaminiHochberg), ("none", CorrectionMethod.None),
    ]);

    /// <summary>The accepted spellings for an error message: <c>holm, bh, benjamini-hochberg, none</c>.</summary>
    public static string Valid => Table.Valid;

    /// <summary>The method a spelling names (trimmed, case-insensitive); false when it names none.</summary>
    public static bool TryParse(string? text, out CorrectionMethod method) => Table.TryParse(text, out method);

    /// <summary>The method's short name (<c>holm</c>, <c>bh</c>, <c>none</c>).</summary>
    public static string Name(CorrectionMethod method) => Table.Name(method);
}
