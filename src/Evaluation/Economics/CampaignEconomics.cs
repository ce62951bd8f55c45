using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.Economics;

/// <summary>
/// What a campaign earns when it targets the customers with the highest predicted uplift: incremental
/// conversions and profit of the top k%, a profit curve over k, and the best k.
/// </summary>
/// <remarks>
/// From a randomised holdout, the incremental conversions of a targeted segment S are estimated as
/// (treated rate − control rate in S) × |S| (the segment's uplift, Radcliffe 2007's uplift at k), and the
/// profit as margin × incremental conversions − contact cost × |S|. The uplift's standard error is the
/// unpooled Wald one, √(V_t/n_t + V_c/n_c) with population variances; costs are known, so the profit interval is
/// the uplift interval mapped through that affine function. From a simulator the true individual effects τᵢ
/// replace the estimate: incremental conversions = Σ_{i∈S} τᵢ (scaled to the population).
/// </remarks>
public static class CampaignEconomics
{
    private const int Treated = 0, TreatedY = 1, TreatedY2 = 2, ControlY = 3, ControlY2 = 4, Effect = 0;

    /// <summary>The profit curve from a randomised holdout.</summary>
    /// <param name="upliftScores">Predicted uplift per customer, finite; higher is targeted first.</param>
    /// <param name="outcomes">Observed outcome per customer (1/0 conversion, or a count), finite.</param>
    /// <param name="treatment">Whether each customer was treated in the holdout.</param>
    /// <param name="options">Margin, contact cost, shares; defaults to margin 1, cost 0, 10%…100%.</param>
    public static ProfitCurve ProfitCurve(ReadOnlySpan<double> upliftScores, ReadOnlySpan<double> outcomes, ReadOnlySpan<bool> treatment,
        CampaignEconomicsOptions? options = null)
    {
        options ??= new CampaignEconomicsOptions();
        var sums = Holdout(upliftScores, outcomes, treatment);
        return Curve(options, k => HoldoutPoint(sums, k, options));
    }

    /// <summary>The profit curve from a randomised holdout, with flat arguments.</summary>
    /// <param name="upliftScores">Predicted uplift per customer.</param>
    /// <param name="outcomes">Observed outcome per customer.</param>
    /// <param name="treatment">Whether each customer was treated.</param>
    /// <param name="margin">Margin per incremental conversion, ≥ 0.</param>
    /// <param name="contactCost">Cost per targeted customer, ≥ 0.</param>
    public static ProfitCurve ProfitCurve(ReadOnlySpan<double> upliftScores, ReadOnlySpan<double> outcomes, ReadOnlySpan<bool> treatment,
        double margin, double contactCost) =>
        ProfitCurve(upliftScores, outcomes, treatment, new CampaignEconomicsOptions { Margin = margin, ContactCost = contactCost });

    /// <summary>Targeting the top share k of a randomised holdout.</summary>
    /// <param name="upliftScores">Predicted uplift per customer.</param>
    /// <param name="outcomes">Observed outcome per customer.</param>
    /// <param name="treatment">Whether each customer was treated.</param>
    /// <param name="fraction">The share k, in (0, 1].</param>
    /// <param name="options">Margin, contact cost, level; <see cref="CampaignEconomicsOptions.Fractions"/> is not used.</param>
    public static TargetingPoint AtFraction(ReadOnlySpan<double> upliftScores, ReadOnlySpan<double> outcomes, ReadOnlySpan<bool> treatment,
        double fraction, CampaignEconomicsOptions? options = null)
    {
        EconomicsInputs.Fraction(fraction);
        return HoldoutPoint(Holdout(upliftScores, outcomes, treatment), fraction, options ?? new CampaignEconomicsOptions());
    }

    /// <summary>The true profit curve from a simulator's individual effects τᵢ (no sampling error).</summary>
    /// <param name="upliftScores">Predicted uplift per customer.</param>
    /// <param name="trueEffects">True effect τᵢ = P(convert | treated) − P(convert | not) per customer.</param>
    /// <param name="options">Margin, contact cost, shares.</param>
    public static ProfitCurve TrueProfitCurve(ReadOnlySpan<double> upliftScores, ReadOnlySpan<double> trueEffects,
        CampaignEconomicsOptions? options = null)
    {
        options ??= new CampaignEconomicsOptions();
        double[] scores = EconomicsInputs.Finite(upliftScores, nameof(upliftScores));
        double[] effects = EconomicsInputs.Finite(trueEffects, nameof(trueEffects), scores.Length, nameof(upliftScores));
        var sums = new RankedSums(scores, effects);
        return Curve(options, k =>
        {
            int m = sums.Cut(k);
            double scale = Scale(options, sums.Count), uplift = sums.Sum(Effect, m) / m;
            return Point(k, m, m * scale, uplift, 0, 0, options, null);
        });
    }

    private static RankedSums Holdout(ReadOnlySpan<double> upliftScores, ReadOnlySpan<double> outcomes, ReadOnlySpan<bool> treatment)
    {
        double[] scores = EconomicsInputs.Finite(upliftScores, nameof(upliftScores));
        double[] y = EconomicsInputs.Finite(outcomes, nameof(outcomes), scores.Length, nameof(upliftScores));
        double[] t = EconomicsInputs.Flags(treatment, scores.Length, nameof(upliftScores));
        var yt = new double[y.Length]; var yt2 = new double[y.Length]; var yc = new double[y.Length]; var yc2 = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            if (t[i] == 1) { yt[i] = y[i]; yt2[i] = y[i] * y[i]; }
            else { yc[i] = y[i]; yc2[i] = y[i] * y[i]; }
        }
        return new RankedSums(scores, t, yt, yt2, yc, yc2);
    }

    private static TargetingPoint HoldoutPoint(RankedSums sums, double fraction, CampaignEconomicsOptions options)
    {
        int m = sums.Cut(fraction);
        double targeted = m * Scale(options, sums.Count);
        long nt = (long)Math.Round(sums.Sum(Treated, m)), nc = m - nt;
        if (nt == 0 || nc == 0)
        {
            var nan = new Interval(double.NaN, double.NaN);
            return new TargetingPoint(fraction, m, targeted, double.NaN, double.NaN, double.NaN, nan, double.NaN, nan,
                new SegmentArms(nt, nc, nt > 0 ? sums.Sum(TreatedY, m) / nt : double.NaN, nc > 0 ? sums.Sum(ControlY, m) / nc : double.NaN),
                AnalysisError.EmptyArm);
        }
        double rt = sums.Sum(TreatedY, m) / nt, rc = sums.Sum(ControlY, m) / nc;
        // Variance of each arm's mean with the population variance (ddof 0): p(1 − p)/n for 0/1 outcomes.
        double vt = Math.Max(0, sums.Sum(TreatedY2, m) / nt - rt * rt) / nt;
        double vc = Math.Max(0, sums.Sum(ControlY2, m) / nc - rc * rc) / nc;
        double z = Normal.Quantile(0.5 + options.ConfidenceLevel / 2);
        return Point(fraction, m, targeted, rt - rc, Math.Sqrt(vt + vc), z, options, new SegmentArms(nt, nc, rt, rc));
    }

    private static TargetingPoint Point(double fraction, int units, double targeted, double uplift, double se, double z,
        CampaignEconomicsOptions options, SegmentArms? arms)
    {
        double incremental = uplift * targeted, half = z * se * targeted;
        double cost = options.ContactCost * targeted;
        return new TargetingPoint(fraction, units, targeted, uplift, se, incremental,
            new Interval(incremental - half, incremental + half),
            options.Margin * incremental - cost,
            new Interval(options.Margin * (incremental - half) - cost, options.Margin * (incremental + half) - cost),
            arms);
    }

    private static ProfitCurve Curve(CampaignEconomicsOptions options, Func<double, TargetingPoint> at)
    {
        var nobody = new TargetingPoint(0, 0, 0, 0, 0, 0, new Interval(0, 0), 0, new Interval(0, 0), null);
        var points = new List<TargetingPoint> { nobody };
        points.AddRange(options.Fractions.Select(at));
        var best = nobody;
        foreach (var p in points)
            if (p.IsValid && p.Profit > best.Profit) best = p;
        return new ProfitCurve(points.AsReadOnly(), best, options.Margin, options.ContactCost);
    }

    private static double Scale(CampaignEconomicsOptions options, int n) =>
        options.PopulationSize is long population ? (double)population / n : 1;
}
