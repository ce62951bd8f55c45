using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Curves;

namespace MarketLab.Evaluation.Classification;

/// <summary>
/// Paired bootstrap interval of metric(A) − metric(B) for two models scored on the same test rows: each
/// replicate resamples rows (label, score A, score B) jointly, so the correlation between the models is kept
/// (Efron &amp; Tibshirani 1993, ch. 6; the test-set bootstrap of Koehn, EMNLP 2004).
/// </summary>
/// <remarks>
/// Built on <see cref="BootstrapInterval.OneSample"/> by resampling row indices, so seeding, percentile/BCa
/// endpoints and one-sided bounds behave exactly as there. BCa needs n leave-one-out evaluations of the metric;
/// on large test sets prefer <see cref="BootstrapMethod.Percentile"/>. A metric that throws on a resample
/// (an AUC on a resample with one class) aborts the whole interval: use enough rows of each class.
/// </remarks>
public static class PairedBootstrap
{
    /// <summary>Interval for metric(yTrue, scoresA) − metric(yTrue, scoresB).</summary>
    /// <param name="yTrue">Labels (any finite values; the metric checks its own domain).</param>
    /// <param name="scoresA">Scores or predictions of model A, one per row.</param>
    /// <param name="scoresB">Scores or predictions of model B, one per row.</param>
    /// <param name="metric">A metric of (labels, scores), e.g. <c>(y, s) =&gt; RankingMetrics.RocAuc(y, s)</c>.</param>
    /// <param name="options">Resamples, level, method and seed; defaults as <see cref="BootstrapOptions"/>.</param>
    public static BootstrapResult Difference(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> scoresA, ReadOnlySpan<double> scoresB,
        Func<ReadOnlySpan<double>, ReadOnlySpan<double>, double> metric, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        InputCheck.SameLength(yTrue.Length, scoresA.Length, nameof(scoresA), nameof(yTrue));
        InputCheck.SameLength(yTrue.Length, scoresB.Length, nameof(scoresB), nameof(yTrue));
        InputCheck.Finite(yTrue, nameof(yTrue));
        InputCheck.Finite(scoresA, nameof(scoresA));
        InputCheck.Finite(scoresB, nameof(scoresB));
        if (yTrue.Length < 2) throw new ArgumentException($"yTrue has {yTrue.Length} rows; the bootstrap needs at least 2.", nameof(yTrue));

        double[] y = yTrue.ToArray(), a = scoresA.ToArray(), b = scoresB.ToArray();
        var indices = new double[y.Length];
        for (int i = 0; i < indices.Length; i++) indices[i] = i;
        var ry = new double[y.Length];
        var ra = new double[y.Length];
        var rb = new double[y.Length];
        return BootstrapInterval.OneSample(indices, rows =>
        {
            for (int i = 0; i < rows.Length; i++)
            {
                int row = (int)rows[i];
                ry[i] = y[row];
                ra[i] = a[row];
                rb[i] = b[row];
            }
            int k = rows.Length;
            return metric(ry.AsSpan(0, k), ra.AsSpan(0, k)) - metric(ry.AsSpan(0, k), rb.AsSpan(0, k));
        }, options);
    }
}
