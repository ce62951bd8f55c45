using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Curves;
using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.Classification;

/// <summary>
/// DeLong, DeLong &amp; Clarke-Pearson (Biometrics 44, 1988) test of two correlated AUCs on the same labels,
/// computed in O(n log n) as Sun &amp; Xu (IEEE Signal Processing Letters 21, 2014): the structural components
/// V10 (per positive) and V01 (per negative) come from midranks, here read off the shared
/// <see cref="ScoreRanking"/> blocks instead of three separate rankings.
/// </summary>
/// <remarks>
/// For a positive in tie block b: V10 = (#negatives scored lower + ½·#negatives tied)/N; for a negative:
/// V01 = (#positives scored higher + ½·#positives tied)/M. AUC = mean V10 = mean V01;
/// Var(Â − B̂) = (S10_AA + S10_BB − 2·S10_AB)/M + (S01_AA + S01_BB − 2·S01_AB)/N with sample (M−1, N−1)
/// covariances (Sun &amp; Xu 2014, eq. 2–4; reference implementation: yandexdataschool/roc_comparison,
/// <c>fastDeLong</c>).
/// </remarks>
public static class DeLongTest
{
    /// <summary>Compares the AUCs of <paramref name="scoresA"/> and <paramref name="scoresB"/> on <paramref name="yTrue"/>.</summary>
    /// <exception cref="ArgumentException">Bad input, or fewer than 2 positives or 2 negatives.</exception>
    public static DeLongResult Compare(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> scoresA, ReadOnlySpan<double> scoresB,
        double confidenceLevel = 0.95, Alternative alternative = Alternative.TwoSided)
    {
        InputCheck.Level(confidenceLevel, nameof(confidenceLevel));
        if (!Enum.IsDefined(alternative))
            throw new ArgumentOutOfRangeException(nameof(alternative), alternative, $"alternative must be one of {string.Join(", ", Enum.GetNames<Alternative>())}.");
        var a = BinaryCurveCounts.Build(yTrue, scoresA, default, nameof(scoresA));
        var b = BinaryCurveCounts.Build(yTrue, scoresB, default, nameof(scoresB));
        double m = a.Positives, n = a.Negatives;
        if (m < 2 || n < 2)
            throw new ArgumentException($"yTrue has {m} positives and {n} negatives; DeLong's variance needs at least 2 of each of {{0, 1}}.", nameof(yTrue));

        var (va, aucA) = Components(a, yTrue);
        var (vb, aucB) = Components(b, yTrue);
        // Sample covariances of the components, positives (V10) and negatives (V01) separately.
        double saa10 = 0, sbb10 = 0, sab10 = 0, saa01 = 0, sbb01 = 0, sab01 = 0;
        for (int i = 0; i < yTrue.Length; i++)
        {
            double da = va[i] - aucA, db = vb[i] - aucB;
            if (yTrue[i] == 1) { saa10 += da * da; sbb10 += db * db; sab10 += da * db; }
            else { saa01 += da * da; sbb01 += db * db; sab01 += da * db; }
        }
        double variance = (saa10 + sbb10 - 2 * sab10) / ((m - 1) * m) + (saa01 + sbb01 - 2 * sab01) / ((n - 1) * n);
        double se = Math.Sqrt(Math.Max(variance, 0));
        double difference = aucA - aucB;
        double q = Normal.Quantile(alternative == Alternative.TwoSided ? 0.5 + confidenceLevel / 2 : confidenceLevel);
        var interval = new Interval(
            alternative == Alternative.Less ? double.NegativeInfinity : difference - q * se,
            alternative == Alternative.Greater ? double.PositiveInfinity : difference + q * se);
        if (!(se > 0))
            return new DeLongResult(aucA, aucB, difference, 0, double.NaN, double.NaN, interval, confidenceLevel, alternative,
                AnalysisError.ZeroVariance);
        double z = difference / se;
        double p = alternative switch
        {
            Alternative.Greater => Normal.Sf(z),
            Alternative.Less => Normal.Cdf(z),
            _ => Math.Min(1, 2 * Normal.Sf(Math.Abs(z))),
        };
        return new DeLongResult(aucA, aucB, difference, se, z, p, interval, confidenceLevel, alternative, AnalysisError.None);
    }

    /// <summary>Per row: V10 for positives, V01 for negatives; and the AUC (their mean over positives).</summary>
    private static (double[] Components, double Auc) Components(BinaryCurveCounts counts, ReadOnlySpan<double> yTrue)
    {
        double m = counts.Positives, n = counts.Negatives;
        var ranking = counts.Ranking;
        var result = new double[yTrue.Length];
        double sum10 = 0, previousTp = 0, previousFp = 0;
        int i = 0;
        for (int b = 0; b < ranking.Blocks; b++)
        {
            double tp = counts.TruePositives[b], fp = counts.FalsePositives[b];
            double v10 = (n - 0.5 * (fp + previousFp)) / n;
            double v01 = 0.5 * (tp + previousTp) / m;
            for (int end = ranking.BlockEnds[b]; i < end; i++)
            {
                int row = ranking.Order[i];
                if (yTrue[row] == 1) { result[row] = v10; sum10 += v10; }
                else result[row] = v01;
            }
            previousTp = tp;
            previousFp = fp;
        }
        return (result, sum10 / m);
    }
}
