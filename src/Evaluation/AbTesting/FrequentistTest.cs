using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// The z-test (normal reference) or Welch t-test (Student t with Welch–Satterthwaite degrees of
/// freedom), chosen by <see cref="EffectEstimate.DegreesOfFreedom"/>. Two-proportion z, Welch t and
/// delta-method ratio tests are all this one computation on differently estimated moments.
/// </summary>
public static class FrequentistTest
{
    public static FrequentistResult Evaluate(EffectEstimate effect, double alpha = 0.05, Alternative alternative = Alternative.TwoSided)
    {
        ArgumentNullException.ThrowIfNull(effect);
        CheckAlpha(alpha);
        double df = effect.DegreesOfFreedom;
        double statistic = effect.Absolute / Math.Sqrt(effect.NullVariance ?? effect.AbsoluteVariance);
        double pValue = alternative switch
        {
            Alternative.Greater => UpperTail(statistic, df),
            Alternative.Less => UpperTail(-statistic, df),
            _ => Math.Min(1, 2 * UpperTail(Math.Abs(statistic), df)),
        };
        double q = Quantile(alternative == Alternative.TwoSided ? 1 - alpha / 2 : 1 - alpha, df);
        return new FrequentistResult(statistic, pValue,
            Bounds(effect.Absolute, effect.AbsoluteStandardError, q, alternative),
            Bounds(effect.Relative, effect.RelativeStandardError, q, alternative));
    }

    internal static Interval Bounds(double estimate, double standardError, double quantile, Alternative alternative) => alternative switch
    {
        Alternative.Greater => new Interval(estimate - quantile * standardError, double.PositiveInfinity),
        Alternative.Less => new Interval(double.NegativeInfinity, estimate + quantile * standardError),
        _ => new Interval(estimate - quantile * standardError, estimate + quantile * standardError),
    };

    internal static void CheckAlpha(double alpha)
    {
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie strictly between 0 and 1.");
    }

    private static double UpperTail(double x, double df) => double.IsPositiveInfinity(df) ? Normal.Sf(x) : StudentT.Sf(x, df);

    private static double Quantile(double p, double df) => double.IsPositiveInfinity(df) ? Normal.Quantile(p) : StudentT.Quantile(p, df);
}
