using MarketLab.Evaluation.Curves;

namespace MarketLab.Evaluation.Uplift;

/// <summary>
/// Uplift and Qini curves with their perfect and random baselines (Radcliffe, "Using control groups to
/// target on predicted lift", DMA Analytics Journal 2007; formulas of scikit-uplift <c>sklift/metrics/metrics.py</c>).
/// </summary>
/// <remarks>
/// Every method takes <c>yTrue</c> (response in {0, 1}), <c>uplift</c> (finite scores, higher = target first) and
/// <c>treatment</c> ({0, 1}, both arms present). Points sit at distinct scores only: a block of tied scores is
/// targeted together, as in ROC analysis. An arm with no row yet in the targeted set contributes rate 0, as sklift.
/// </remarks>
public static class UpliftCurves
{
    /// <summary>Uplift curve: (Yₜ/Nₜ − Y꜀/N꜀)·N at each distinct score (sklift <c>uplift_curve</c>).</summary>
    public static GainCurve UpliftCurve(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment) =>
        Build(UpliftCounts.Build(yTrue, uplift, treatment), GainCurveKind.Uplift);

    /// <summary>Qini curve: Yₜ − Y꜀·Nₜ/N꜀ at each distinct score (sklift <c>qini_curve</c>; Radcliffe 2007).</summary>
    public static GainCurve QiniCurve(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment) =>
        Build(UpliftCounts.Build(yTrue, uplift, treatment), GainCurveKind.Qini);

    /// <summary>
    /// Best achievable uplift curve (sklift <c>perfect_uplift_curve</c>): treated responders and control
    /// non-responders first (score 2·[y = t] + s), where s = y if control responders outnumber treated
    /// non-responders, else s = t, so the negative-effect rows go last.
    /// </summary>
    public static GainCurve PerfectUpliftCurve(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> treatment)
    {
        UpliftCounts.CheckOutcomes(yTrue, treatment);
        return PerfectUpliftCurve(UpliftCounts.GroupCounts(yTrue, treatment));
    }

    /// <summary><see cref="PerfectUpliftCurve(ReadOnlySpan{double}, ReadOnlySpan{double})"/> from the (y, t) group sizes (index 2y + t).</summary>
    internal static GainCurve PerfectUpliftCurve(long[] group)
    {
        long controlResponders = group[2], treatedNonResponders = group[1];
        // Score per (y, t) group (index 2y + t): treated responders 3, control non-responders 2, then the
        // negative-effect group last: s = y puts control responders (1, 0) at 1 and treated non-responders at 0,
        // s = t the other way round. Counted, not sorted.
        int[][] blocks = controlResponders > treatedNonResponders ? [[3], [0], [2], [1]] : [[3], [0], [1], [2]];
        return Build(UpliftCounts.FromGroupCounts(group, blocks), GainCurveKind.Uplift);
    }

    /// <summary>
    /// Best achievable Qini curve (sklift <c>perfect_qini_curve</c>). With <paramref name="negativeEffect"/> the
    /// ranking treated responders, then non-responders, then control responders (score y·t − y·(1 − t));
    /// without it the curve rises straight to the total gain and stays there.
    /// </summary>
    public static GainCurve PerfectQiniCurve(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> treatment, bool negativeEffect = true)
    {
        UpliftCounts.CheckOutcomes(yTrue, treatment);
        return PerfectQiniCurve(UpliftCounts.GroupCounts(yTrue, treatment), negativeEffect);
    }

    /// <summary><see cref="PerfectQiniCurve(ReadOnlySpan{double}, ReadOnlySpan{double}, bool)"/> from the (y, t) group sizes (index 2y + t).</summary>
    internal static GainCurve PerfectQiniCurve(long[] group, bool negativeEffect)
    {
        if (negativeEffect)
        {
            // Score y·t − y·(1 − t) per (y, t) group (index 2y + t): treated responders 1, non-responders of
            // both arms 0, control responders −1. Counted, not sorted.
            return Build(UpliftCounts.FromGroupCounts(group, [[3], [0, 1], [2]]), GainCurveKind.Qini);
        }
        double nt = group[1] + group[3], nc = group[0] + group[2], n = nt + nc;
        double total = group[3] - nt * group[2] / nc;
        return new GainCurve(GainCurveKind.Qini, Array.AsReadOnly(new[] { 0, total, n }), Array.AsReadOnly(new[] { 0, total, total }));
    }

    /// <summary>The random-targeting baseline: the straight line from (0, 0) to (n, total gain).</summary>
    public static GainCurve RandomCurve(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> treatment, GainCurveKind kind)
    {
        UpliftCounts.CheckOutcomes(yTrue, treatment);
        double n = yTrue.Length;
        double total = kind == GainCurveKind.Qini ? TotalQini(yTrue, treatment) : TotalUplift(yTrue, treatment);
        return new GainCurve(kind, Array.AsReadOnly(new[] { 0, n }), Array.AsReadOnly(new[] { 0, total }));
    }

    /// <summary>
    /// Share of treated rows in a sliding window of <paramref name="windowSize"/> rows down the ranking, at
    /// positions spread evenly on 1..100 (sklift <c>treatment_balance_curve</c>; tied scores are taken in
    /// descending row order, where sklift's quicksort leaves them unspecified).
    /// </summary>
    public static TreatmentBalanceCurve TreatmentBalanceCurve(ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment, int windowSize)
    {
        InputCheck.NotEmpty(uplift.Length, nameof(uplift));
        InputCheck.SameLength(uplift.Length, treatment.Length, nameof(treatment), nameof(uplift));
        InputCheck.Finite(uplift, nameof(uplift));
        InputCheck.Binary(treatment, nameof(treatment));
        InputCheck.Range(windowSize, 1, uplift.Length, nameof(windowSize));
        var order = ScoreRanking.Create(uplift, descendingIndexInTies: true).Order;
        int m = uplift.Length - windowSize + 1;
        var balance = new double[m];
        var position = new double[m];
        double window = 0;
        for (int i = 0; i < windowSize; i++) window += treatment[order[i]];
        double step = m > 1 ? 99.0 / (m - 1) : 0;   // np.linspace(1, 100, m)
        for (int j = 0; j < m; j++)
        {
            if (j > 0) window += treatment[order[j + windowSize - 1]] - treatment[order[j - 1]];
            balance[j] = window / windowSize;
            position[j] = j == m - 1 && m > 1 ? 100 : 1 + j * step;
        }
        return new TreatmentBalanceCurve(Array.AsReadOnly(position), Array.AsReadOnly(balance), windowSize);
    }

    /// <summary>
    /// <see cref="GainCurve.Area"/> of <see cref="Build"/>(counts, kind) without materialising the curve (same
    /// terms in the same order, so the same value).
    /// </summary>
    internal static double Area(UpliftCounts counts, GainCurveKind kind)
    {
        double area = 0, previousX = 0, previousY = 0;
        for (int b = 0; b < counts.Blocks; b++)
        {
            double x = counts.Targeted(b), y = kind == GainCurveKind.Qini ? QiniGain(counts, b) : UpliftGain(counts, b);
            area += (x - previousX) * (y + previousY) * 0.5;
            previousX = x;
            previousY = y;
        }
        return area;
    }

    internal static GainCurve Build(UpliftCounts counts, GainCurveKind kind)
    {
        int m = counts.Blocks;
        var x = new double[m + 1];
        var y = new double[m + 1];
        for (int b = 0; b < m; b++)
        {
            x[b + 1] = counts.Targeted(b);
            y[b + 1] = kind == GainCurveKind.Qini ? QiniGain(counts, b) : UpliftGain(counts, b);
        }
        return new GainCurve(kind, Array.AsReadOnly(x), Array.AsReadOnly(y));
    }

    internal static double UpliftGain(UpliftCounts c, int b)
    {
        double nt = c.Treated[b], nc = c.Control(b);
        double rt = nt != 0 ? c.TreatedResponses[b] / nt : 0, rc = nc != 0 ? c.ControlResponses(b) / nc : 0;
        return (rt - rc) * c.Targeted(b);
    }

    internal static double QiniGain(UpliftCounts c, int b)
    {
        double nc = c.Control(b);
        return c.TreatedResponses[b] - c.ControlResponses(b) * (nc != 0 ? c.Treated[b] / nc : 0);
    }

    private static double TotalQini(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> treatment)
    {
        Totals(yTrue, treatment, out double nt, out double yt, out double nc, out double yc);
        return yt - nt * yc / nc;
    }

    private static double TotalUplift(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> treatment)
    {
        Totals(yTrue, treatment, out double nt, out double yt, out double nc, out double yc);
        return (yt / nt - yc / nc) * yTrue.Length;
    }

    private static void Totals(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> treatment, out double nt, out double yt, out double nc, out double yc)
    {
        nt = yt = nc = yc = 0;
        for (int i = 0; i < yTrue.Length; i++)
        {
            if (treatment[i] == 1) { nt++; yt += yTrue[i]; }
            else { nc++; yc += yTrue[i]; }
        }
    }
}
