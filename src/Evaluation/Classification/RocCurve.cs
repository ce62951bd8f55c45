namespace MarketLab.Evaluation.Classification;

/// <summary>
/// ROC curve points, one per distinct score plus the origin, in sklearn's <c>roc_curve</c> order
/// (thresholds descending, rates non-decreasing) with <c>drop_intermediate=False</c>.
/// </summary>
/// <param name="Thresholds">Score thresholds; the first is +∞ (the origin, nothing flagged), as sklearn ≥ 1.3
/// (sklearn 1.2 wrote max score + 1 there).</param>
/// <param name="FalsePositiveRate">FP/N at score ≥ threshold (weighted when weights were given).</param>
/// <param name="TruePositiveRate">TP/P at score ≥ threshold.</param>
public sealed record RocCurve(
    IReadOnlyList<double> Thresholds,
    IReadOnlyList<double> FalsePositiveRate,
    IReadOnlyList<double> TruePositiveRate);
