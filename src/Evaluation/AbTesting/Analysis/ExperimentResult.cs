namespace MarketLab.Evaluation.AbTesting;

/// <summary>The outcome of an A/B analysis: guardrails first, then every arm × metric comparison.</summary>
public sealed record ExperimentResult(
    string Control,
    IReadOnlyList<ArmSummary> Arms,
    SrmResult Srm,
    IReadOnlyList<ComparisonResult> Comparisons,
    AbAnalysisOptions Options)
{
    /// <summary>Human-readable warnings: sample-ratio mismatch and comparisons that could not be computed.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            var warnings = new List<string>();
            if (Srm.Mismatch)
                warnings.Add($"Sample ratio mismatch: p = {Srm.PValue:G3} < {Options.SrmThreshold} against the planned split; the assignment may be broken, so do not trust the lifts.");
            foreach (var c in Comparisons.Where(c => !c.IsValid))
                warnings.Add($"{c.Metric}, {c.Arm} vs {c.Control}: {c.Error} ({c.ErrorMessage}).");
            return warnings;
        }
    }
}
