using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.Bootstrap;

/// <summary>
/// Interval endpoints from bootstrap replicates, separate from resampling so that they can be checked
/// against numpy and scipy on fixed arrays.
/// </summary>
internal static class BootstrapEndpoints
{
    /// <summary>Percentile interval: quantiles α and 1 − α (two-sided α = (1 − level)/2) of the replicates.</summary>
    public static Interval Percentile(double[] sortedReplicates, double level, Alternative alternative)
    {
        double alpha = TailProbability(level, alternative);
        return Ends(sortedReplicates, alpha, 1 - alpha, alternative);
    }

    /// <summary>
    /// BCa interval (Efron &amp; Tibshirani 1993, eqs. 14.9–14.10, 14.14–14.15), computed as scipy 1.10's
    /// <c>scipy.stats._resampling._bca_interval</c>:
    /// z₀ = Φ⁻¹((#{θ* &lt; θ̂} + #{θ* ≤ θ̂}) / 2B); for each sample j with jackknife values θ̂₍ᵢ₎ and mean θ̂₍·₎,
    /// Uⱼᵢ = (nⱼ − 1)(θ̂₍·₎ − θ̂₍ᵢ₎) and â = Σⱼ(ΣᵢUⱼᵢ³/nⱼ³) / (6 (Σⱼ ΣᵢUⱼᵢ²/nⱼ²)^{3/2});
    /// α₁,₂ = Φ(z₀ + (z₀ + z_α)/(1 − â(z₀ + z_α))) at z_α and z₁₋α; endpoints are those quantiles.
    /// </summary>
    /// <param name="sortedReplicates">Bootstrap replicates, sorted ascending.</param>
    /// <param name="jackknife">Leave-one-out values of the statistic, one array per sample.</param>
    /// <param name="estimate">θ̂ on the full data.</param>
    /// <param name="level">Confidence level.</param>
    /// <param name="alternative">Two-sided, or which one-sided bound.</param>
    /// <remarks>When every jackknife value is equal (Σ U² = 0), â is taken as 0 rather than 0/0.</remarks>
    public static Interval Bca(double[] sortedReplicates, IReadOnlyList<double[]> jackknife, double estimate, double level, Alternative alternative)
    {
        int b = sortedReplicates.Length;
        int below = 0, notAbove = 0;
        foreach (double r in sortedReplicates)
        {
            if (r < estimate) below++;
            if (r <= estimate) notAbove++;
        }
        double z0 = Normal.Quantile((below + notAbove) / (2.0 * b));
        if (double.IsInfinity(z0))
            throw new AnalysisException(AnalysisError.TooFewUnits,
                "BCa is undefined: the estimate lies outside every bootstrap replicate (too few distinct values, or a statistic such as the minimum); use the percentile method.");

        double a = Acceleration(jackknife);
        double alpha = TailProbability(level, alternative);
        double zAlpha = Normal.Quantile(alpha);
        double n1 = z0 + zAlpha, n2 = z0 - zAlpha;
        double alpha1 = Normal.Cdf(z0 + n1 / (1 - a * n1));
        double alpha2 = Normal.Cdf(z0 + n2 / (1 - a * n2));
        return Ends(sortedReplicates, alpha1, alpha2, alternative);
    }

    /// <summary>The acceleration â from jackknife values, one array per sample (scipy's multi-sample form).</summary>
    public static double Acceleration(IReadOnlyList<double[]> jackknife)
    {
        double numerator = 0, denominator = 0;
        foreach (double[] values in jackknife)
        {
            double n = values.Length;
            double mean = values.Average();
            double cubes = 0, squares = 0;
            foreach (double v in values)
            {
                double u = (n - 1) * (mean - v);
                squares += u * u;
                cubes += u * u * u;
            }
            numerator += cubes / (n * n * n);
            denominator += squares / (n * n);
        }
        return denominator > 0 ? numerator / (6 * Math.Pow(denominator, 1.5)) : 0;
    }

    /// <summary>
    /// The p-quantile of sorted values as <c>numpy.percentile(x, 100 p, method='linear')</c>: position
    /// h = (B − 1)p, linear interpolation between its neighbours, with numpy's two-sided lerp.
    /// </summary>
    public static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        if (lo < 0) return sorted[0];
        double t = h - lo, a = sorted[lo], d = sorted[lo + 1] - a;
        return t >= 0.5 ? sorted[lo + 1] - d * (1 - t) : a + d * t;
    }

    private static double TailProbability(double level, Alternative alternative) =>
        alternative == Alternative.TwoSided ? (1 - level) / 2 : 1 - level;

    private static Interval Ends(double[] sorted, double lowerP, double upperP, Alternative alternative) => alternative switch
    {
        Alternative.Greater => new Interval(Quantile(sorted, lowerP), double.PositiveInfinity),
        Alternative.Less => new Interval(double.NegativeInfinity, Quantile(sorted, upperP)),
        _ => new Interval(Quantile(sorted, lowerP), Quantile(sorted, upperP)),
    };
}
