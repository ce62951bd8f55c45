namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// The one table of spellings for <see cref="AnalysisMethod"/>, shared by the <c>ab</c> spec candidate (<c>method</c>)
/// and <c>marketlab ab --method</c>: <c>frequentist</c>, <c>sequential</c>, <c>bayesian</c> (case-insensitive).
/// </summary>
public static class AnalysisMethodNames
{
    /// <summary>Every accepted spelling.</summary>
    public static Spellings<AnalysisMethod> Table { get; } = new(
        [("frequentist", AnalysisMethod.Frequentist), ("sequential", AnalysisMethod.Sequential), ("bayesian", AnalysisMethod.Bayesian)]);

    /// <summary>The accepted spellings for an error message.</summary>
    public static string Valid => Table.Valid;

    /// <summary>The method a spelling names (trimmed, case-insensitive); false when it names none.</summary>
    public static bool TryParse(string? text, out AnalysisMethod method) => Table.TryParse(text, out method);
}
