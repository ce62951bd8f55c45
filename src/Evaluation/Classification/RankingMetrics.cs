namespace MarketLab.Evaluation.Classification;

/// <summary>
/// Threshold-free ranking metrics of a binary classifier (CTR model): ROC AUC, ROC curve, precision–recall
/// curve and average precision. Ties are a block that moves together (<see cref="Curves.ScoreRanking"/>).
/// </summary>
/// <remarks>
/// Arguments: <c>yTrue</c> holds labels in {0, 1}; <c>scores</c> any finite numbers, higher meaning more
/// likely positive; <c>sampleWeight</c> is optional (empty = every row weighs 1), finite and ≥ 0.
/// </remarks>
public static class RankingMetrics
{
    /// <summary>
    /// Area under the ROC curve by the trapezoidal rule over distinct thresholds, equal to sklearn's
    /// <c>roc_auc_score</c> (ties count one half: the Mann–Whitney U / (P·N), Hanley &amp; McNeil 1982).
    /// </summary>
    /// <exception cref="ArgumentException">Bad input, or yTrue holds only one class.</exception>
    public static double RocAuc(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> scores, ReadOnlySpan<double> sampleWeight = default)
    {
        var counts = BinaryCurveCounts.Build(yTrue, scores, sampleWeight);
        counts.RequireBothClasses("ROC AUC");
        return Auc(counts);
    }

    internal static double Auc(BinaryCurveCounts counts) => Auc(counts.TruePositives, counts.FalsePositives);

    /// <summary>
    /// ROC AUC from cumulative true and false positives at each distinct score, best first, computed outside (a SQL
    /// window function); the same trapezoids as <see cref="RocAuc(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>.
    /// </summary>
    public static double RocAucFromCumulative(IReadOnlyList<double> truePositives, IReadOnlyList<double> falsePositives)
    {
        ArgumentNullException.ThrowIfNull(truePositives);
        ArgumentNullException.ThrowIfNull(falsePositives);
        if (truePositives.Count == 0 || truePositives.Count != falsePositives.Count)
            throw new ArgumentException($"Cumulative counts must be non-empty and of equal length; got {truePositives.Count} and {falsePositives.Count}.", nameof(truePositives));
        if (!(truePositives[^1] > 0) || !(falsePositives[^1] > 0))
            throw new ArgumentException($"yTrue holds only one class (positives {truePositives[^1]}, negatives {falsePositives[^1]}); ROC AUC needs both of {{0, 1}}.", nameof(truePositives));
        return Auc(truePositives.ToArray(), falsePositives.ToArray());
    }

    private static double Auc(ReadOnlySpan<double> tps, ReadOnlySpan<double> fps)
    {
        double area = 0, previousTp = 0, previousFp = 0;
        for (int b = 0; b < tps.Length; b++)
        {
            area += (fps[b] - previousFp) * (tps[b] + previousTp);
            previousTp = tps[b];
            previousFp = fps[b];
        }
        return area * 0.5 / (tps[^1] * fps[^1]);
    }

    /// <summary>ROC points at every distinct score (sklearn <c>roc_curve(drop_intermediate=False)</c>).</summary>
    public static RocCurve RocCurve(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> scores, ReadOnlySpan<double> sampleWeight = default)
    {
        var counts = BinaryCurveCounts.Build(yTrue, scores, sampleWeight);
        counts.RequireBothClasses("the ROC curve");
        int m = counts.TruePositives.Length;
        var thresholds = new double[m + 1];
        var fpr = new double[m + 1];
        var tpr = new double[m + 1];
        thresholds[0] = double.PositiveInfinity;
        for (int b = 0; b < m; b++)
        {
            thresholds[b + 1] = counts.Ranking.Thresholds[b];
            fpr[b + 1] = counts.FalsePositives[b] / counts.Negatives;
            tpr[b + 1] = counts.TruePositives[b] / counts.Positives;
        }
        return new RocCurve(Array.AsReadOnly(thresholds), Array.AsReadOnly(fpr), Array.AsReadOnly(tpr));
    }

    /// <summary>Precision–recall points (sklearn <c>precision_recall_curve</c>, same order and end point).</summary>
    /// <exception cref="ArgumentException">Bad input, or yTrue holds no positive.</exception>
    public static PrecisionRecallCurve PrecisionRecallCurve(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> scores,
        ReadOnlySpan<double> sampleWeight = default)
    {
        var counts = BinaryCurveCounts.Build(yTrue, scores, sampleWeight);
        RequirePositives(counts);
        int m = counts.TruePositives.Length;
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thresholds = new double[m];
        for (int b = 0; b < m; b++)
        {
            int k = m - 1 - b;   // sklearn reverses to ascending thresholds
            double flagged = counts.TruePositives[b] + counts.FalsePositives[b];
            precision[k] = flagged > 0 ? counts.TruePositives[b] / flagged : 0;
            recall[k] = counts.TruePositives[b] / counts.Positives;
            thresholds[k] = counts.Ranking.Thresholds[b];
        }
        precision[m] = 1;
        return new PrecisionRecallCurve(Array.AsReadOnly(precision), Array.AsReadOnly(recall), Array.AsReadOnly(thresholds));
    }

    /// <summary>
    /// Average precision, the step-wise (not interpolated) area AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds,
    /// equal to sklearn's <c>average_precision_score</c> (Zhu 2004, "Recall, precision and average precision").
    /// </summary>
    /// <exception cref="ArgumentException">Bad input, or yTrue holds no positive.</exception>
    public static double AveragePrecision(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> scores, ReadOnlySpan<double> sampleWeight = default)
    {
        var counts = BinaryCurveCounts.Build(yTrue, scores, sampleWeight);
        RequirePositives(counts);
        double ap = 0, previousRecall = 0;
        for (int b = 0; b < counts.TruePositives.Length; b++)
        {
            double tp = counts.TruePositives[b], flagged = tp + counts.FalsePositives[b];
            double recall = tp / counts.Positives;
            if (flagged > 0) ap += (recall - previousRecall) * (tp / flagged);
            previousRecall = recall;
        }
        return ap;
    }

    private static void RequirePositives(BinaryCurveCounts counts)
    {
        if (!(counts.Positives > 0))
            throw new ArgumentException("yTrue holds no positive (label 1) with positive weight; precision and recall need one.", "yTrue");
    }
}
