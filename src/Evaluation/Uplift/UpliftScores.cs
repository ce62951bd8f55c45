using MarketLab.Evaluation.Curves;

namespace MarketLab.Evaluation.Uplift;

/// <summary>
/// Single-number uplift metrics: AUUC, Qini coefficient (two normalisations, see <see cref="GainNormalization"/>)
/// and uplift@k. Arguments as in <see cref="UpliftCurves"/>.
/// </summary>
public static class UpliftScores
{
    /// <summary>Area under the uplift curve, normalised (sklift <c>uplift_auc_score</c> or causalml <c>auuc_score</c>).</summary>
    /// <exception cref="ArgumentException">Bad input, or the normaliser is 0 (no gain to rank for).</exception>
    public static double UpliftAuc(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment,
        GainNormalization normalization = GainNormalization.ScikitUplift)
    {
        CheckNormalization(normalization);
        return UpliftAuc(UpliftCounts.Build(yTrue, uplift, treatment), normalization);
    }

    /// <summary><see cref="UpliftAuc(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, GainNormalization)"/> from cumulative counts.</summary>
    internal static double UpliftAuc(UpliftCounts counts, GainNormalization normalization)
    {
        if (normalization == GainNormalization.CausalMl) return CausalMlMean(counts, GainCurveKind.Uplift);
        double actual = UpliftCurves.Area(counts, GainCurveKind.Uplift);
        return ScikitUpliftRatio(actual, UpliftCurves.PerfectUpliftCurve(counts.GroupTotals()));
    }

    /// <summary>Qini coefficient (sklift <c>qini_auc_score</c> or causalml <c>qini_score</c>).</summary>
    /// <param name="yTrue">Responses in {0, 1}.</param>
    /// <param name="uplift">Predicted uplift scores, finite; higher is targeted first.</param>
    /// <param name="treatment">Arm of each row: 1 treated, 0 control; both present.</param>
    /// <param name="normalization">scikit-uplift's or causalml's normalisation.</param>
    /// <param name="negativeEffect">sklift's option for the perfect curve: whether control responders (a negative
    /// effect) exist and are ranked last; ignored by the causalml normalisation.</param>
    public static double QiniCoefficient(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment,
        GainNormalization normalization = GainNormalization.ScikitUplift, bool negativeEffect = true)
    {
        CheckNormalization(normalization);
        return QiniCoefficient(UpliftCounts.Build(yTrue, uplift, treatment), normalization, negativeEffect);
    }

    /// <summary>The Qini coefficient from cumulative counts; the perfect curve needs only their (y, t) group totals.</summary>
    internal static double QiniCoefficient(UpliftCounts counts, GainNormalization normalization, bool negativeEffect)
    {
        if (normalization == GainNormalization.CausalMl)
        {
            double total = UpliftCurves.QiniGain(counts, counts.Blocks - 1);
            return CausalMlMean(counts, GainCurveKind.Qini) - 0.5 * Math.Sign(total);
        }
        double actual = UpliftCurves.Area(counts, GainCurveKind.Qini);
        return ScikitUpliftRatio(actual, UpliftCurves.PerfectQiniCurve(counts.GroupTotals(), negativeEffect));
    }

    /// <summary>
    /// Treated minus control response rate in the top <paramref name="k"/> of the ranking (sklift
    /// <c>uplift_at_k</c>): <see cref="TargetingStrategy.Overall"/> takes the first ⌊n·k⌋ rows,
    /// <see cref="TargetingStrategy.ByGroup"/> the first ⌊nₜ·k⌋ treated and ⌊n꜀·k⌋ control rows. Rows tied at the
    /// cut are taken in sklift's order (descending row index, numpy's stable argsort reversed).
    /// </summary>
    /// <param name="yTrue">Responses in {0, 1}.</param>
    /// <param name="uplift">Predicted uplift scores, finite; higher is targeted first.</param>
    /// <param name="treatment">Arm of each row: 1 treated, 0 control; both present.</param>
    /// <param name="strategy">Cut the whole ranking or each arm.</param>
    /// <param name="k">Fraction of rows targeted, in (0, 1].</param>
    /// <exception cref="ArgumentException">Bad input, or the cut holds no row of one arm.</exception>
    public static double UpliftAtK(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment,
        double k = 0.3, TargetingStrategy strategy = TargetingStrategy.Overall)
    {
        if (!(k > 0 && k <= 1)) throw new ArgumentOutOfRangeException(nameof(k), k, $"k is {k}; allowed values lie in (0, 1].");
        if (!Enum.IsDefined(strategy))
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, $"strategy must be one of {string.Join(", ", Enum.GetNames<TargetingStrategy>())}.");
        UpliftCounts.Check(yTrue, uplift, treatment);
        int[] order = ScoreRanking.Create(uplift, descendingIndexInTies: true).Order;
        int n = yTrue.Length, treatedTotal = 0;
        for (int i = 0; i < n; i++) treatedTotal += (int)treatment[i];
        int limitAll = (int)(n * k), limitTreated = (int)(treatedTotal * k), limitControl = (int)((n - treatedTotal) * k);
        double nt = 0, yt = 0, nc = 0, yc = 0;
        for (int i = 0; i < n; i++)
        {
            int row = order[i];
            bool treated = treatment[row] == 1;
            if (strategy == TargetingStrategy.Overall)
            {
                if (i >= limitAll) break;
            }
            else if (treated ? nt >= limitTreated : nc >= limitControl) continue;
            if (treated) { nt++; yt += yTrue[row]; }
            else { nc++; yc += yTrue[row]; }
        }
        if (nt == 0 || nc == 0)
            throw new ArgumentException(
                $"k = {k} targets {nt} treated and {nc} control rows; uplift@k needs both arms of {{0, 1}} in the cut.", nameof(k));
        return yt / nt - yc / nc;
    }

    private static double ScikitUpliftRatio(double actualArea, GainCurve perfect)
    {
        // sklift: baseline = line from (0, 0) to the perfect curve's end, which is also the actual curve's end.
        double n = perfect.Targeted[^1], end = perfect.Gain[^1];
        double baseline = n * end * 0.5;
        double denominator = perfect.Area() - baseline;
        if (denominator == 0)
            throw new ArgumentException("The perfect curve encloses no area over the random line (no responder to rank); the score is undefined.", "yTrue");
        return (actualArea - baseline) / denominator;
    }

    /// <summary>
    /// causalml's (1/(n+1))·Σ_{k=0..n} G(k)/|G(n)| with G at every row k. Between block ends G is linear (ties
    /// move together); before the first point where the gain is defined in causalml (both arms seen for uplift,
    /// a control row seen for Qini) causalml's <c>interpolate()</c> draws the lift (uplift) or the Qini value
    /// linearly from 0, reproduced in closed form. With distinct scores this is causalml's value exactly.
    /// </summary>
    private static double CausalMlMean(UpliftCounts c, GainCurveKind kind)
    {
        int first = 0;
        while (first < c.Blocks && !(c.Control(first) > 0 && (kind == GainCurveKind.Qini || c.Treated[first] > 0))) first++;
        double pe = c.Targeted(first), ge = Gain(c, first, kind);
        // Leading rows k = 1..pe: uplift G(k) = k·(k/pe)·L(pe) = k²·G(pe)/pe²; Qini G(k) = k·G(pe)/pe.
        double sum = kind == GainCurveKind.Uplift ? ge / (pe * pe) * (pe * (pe + 1) * (2 * pe + 1) / 6) : ge / pe * (pe * (pe + 1) / 2);
        double previousX = pe, previousG = ge;
        for (int b = first + 1; b < c.Blocks; b++)
        {
            double x = c.Targeted(b), g = Gain(c, b, kind), m = x - previousX;
            sum += m * previousG + (g - previousG) * (m + 1) / 2;
            previousX = x;
            previousG = g;
        }
        if (previousG == 0)
            throw new ArgumentException("The total gain G(n) is 0; causalml's normalisation by |G(n)| is undefined.", "yTrue");
        return sum / Math.Abs(previousG) / (c.Targeted(c.Blocks - 1) + 1);
    }

    private static double Gain(UpliftCounts c, int b, GainCurveKind kind) =>
        kind == GainCurveKind.Qini ? UpliftCurves.QiniGain(c, b) : UpliftCurves.UpliftGain(c, b);

    internal static void CheckNormalization(GainNormalization normalization)
    {
        if (!Enum.IsDefined(normalization))
            throw new ArgumentOutOfRangeException(nameof(normalization), normalization,
                $"normalization must be one of {string.Join(", ", Enum.GetNames<GainNormalization>())}.");
    }

    /// <summary>
    /// PEHE, the precision in estimating heterogeneous effects (Hill 2011, "Bayesian nonparametric modeling for causal
    /// inference", J. Comput. Graph. Stat. 20(1)): the root mean squared error of estimated individual effects against
    /// the true ones, which only simulated data can supply.
    /// </summary>
    /// <exception cref="ArgumentException">Empty or unequal lengths, or a value that is not finite.</exception>
    public static double Pehe(ReadOnlySpan<double> estimated, ReadOnlySpan<double> trueEffects)
    {
        if (estimated.Length != trueEffects.Length)
            throw new ArgumentException($"estimated has {estimated.Length} values but trueEffects has {trueEffects.Length}; they must pair row by row.", nameof(trueEffects));
        if (estimated.IsEmpty) throw new ArgumentException("PEHE needs at least one row.", nameof(estimated));
        double sum = 0;
        for (int i = 0; i < estimated.Length; i++)
        {
            if (!double.IsFinite(estimated[i]) || !double.IsFinite(trueEffects[i]))
                throw new ArgumentException($"Row {i}: estimated {estimated[i]} and true effect {trueEffects[i]} must both be finite.", nameof(estimated));
            double d = estimated[i] - trueEffects[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / estimated.Length);
    }
}
