using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Economics;

/// <summary>What targeting the top share of customers by predicted uplift is worth.</summary>
/// <param name="Fraction">The requested share k (0 for the "target nobody" point).</param>
/// <param name="TargetedUnits">Holdout units in the segment: round(k n), extended to every unit tied with the
/// last one's score, so the cut only falls between distinct scores.</param>
/// <param name="Targeted">Customers targeted: <paramref name="TargetedUnits"/> × N/n.</param>
/// <param name="Uplift">Treated rate − control rate in the segment (or the mean true effect).</param>
/// <param name="UpliftStandardError">√(V_t/n_t + V_c/n_c) with population variances (Wald; for 0/1 outcomes
/// p(1 − p)/n as statsmodels' <c>confint_proportions_2indep(method="wald")</c>); 0 for true effects.</param>
/// <param name="IncrementalConversions">Uplift × <paramref name="Targeted"/>.</param>
/// <param name="IncrementalInterval">Normal interval of the incremental conversions.</param>
/// <param name="Profit">Margin × incremental conversions − contact cost × targeted.</param>
/// <param name="ProfitInterval">Normal interval of the profit (costs are known, so only the uplift varies).</param>
/// <param name="Arms">Holdout counts and rates in the segment; null for true effects.</param>
/// <param name="Error">Why the values are NaN: <see cref="AnalysisError.EmptyArm"/> when the segment has no
/// treated or no control unit.</param>
public sealed record TargetingPoint(
    double Fraction,
    long TargetedUnits,
    double Targeted,
    double Uplift,
    double UpliftStandardError,
    double IncrementalConversions,
    Interval IncrementalInterval,
    double Profit,
    Interval ProfitInterval,
    SegmentArms? Arms,
    AnalysisError Error = AnalysisError.None)
{
    /// <summary>True when the point's values are available.</summary>
    public bool IsValid => Error == AnalysisError.None;
}
