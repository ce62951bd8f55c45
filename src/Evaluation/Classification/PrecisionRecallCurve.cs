namespace MarketLab.Evaluation.Classification;

/// <summary>
/// Precision–recall points in sklearn's <c>precision_recall_curve</c> layout: thresholds ascending, one
/// (precision, recall) per distinct score, then a final (precision 1, recall 0) point with no threshold.
/// </summary>
/// <param name="Precision">TP/(TP+FP) at score ≥ threshold (0 where nothing is flagged), then 1.</param>
/// <param name="Recall">TP/P at score ≥ threshold, non-increasing, then 0.</param>
/// <param name="Thresholds">The distinct scores, ascending (one fewer than the rates).</param>
public sealed record PrecisionRecallCurve(
    IReadOnlyList<double> Precision,
    IReadOnlyList<double> Recall,
    IReadOnlyList<double> Thresholds);
