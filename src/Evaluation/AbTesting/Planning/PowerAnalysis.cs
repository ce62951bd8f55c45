using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// Power, sample size and minimum detectable effect of a two-sample z-test, matching statsmodels'
/// <c>NormalIndPower</c>. This part works on a standardized effect size; the proportion and mean
/// overloads convert their inputs to one.
/// </summary>
/// <remarks>
/// Power of a z-test with effective size n = n₁n₂/(n₁ + n₂), n₂ = ratio · n₁ and λ = d√n
/// (statsmodels <c>normal_power</c>): two-sided 1 − Φ(z_{1−α/2} − λ) + Φ(−z_{1−α/2} − λ), counting both
/// tails; greater 1 − Φ(z_{1−α} − λ); less Φ(−z_{1−α} − λ). Sample size and minimum effect invert this
/// exactly in λ with Brent's method, so the second tail is not dropped as in the textbook formula
/// n = (z_{1−α/2} + z_{1−β})² / d².
/// </remarks>
public static partial class PowerAnalysis
{
    /// <summary>Default significance level.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>Default target power.</summary>
    public const double DefaultPower = 0.8;

    /// <summary>Default allocation ratio n_treatment / n_control.</summary>
    public const double DefaultRatio = 1;

    /// <summary>Power to detect a standardized effect <paramref name="effectSize"/> with <paramref name="controlSize"/> control units.</summary>
    /// <param name="effectSize">Standardized treatment-minus-control effect (Cohen's d or h).</param>
    /// <param name="controlSize">Units in control, n₁ &gt; 0.</param>
    /// <param name="ratio">Treatment units per control unit, n₂ / n₁ &gt; 0 (statsmodels' <c>ratio</c>).</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="alternative">The alternative hypothesis about treatment − control.</param>
    public static double Power(double effectSize, double controlSize, double ratio = DefaultRatio, double alpha = DefaultAlpha,
        Alternative alternative = Alternative.TwoSided)
    {
        if (!double.IsFinite(effectSize)) throw new ArgumentOutOfRangeException(nameof(effectSize), effectSize, "effectSize must be finite.");
        CheckSize(controlSize, nameof(controlSize));
        CheckDesign(ratio, alpha, alternative);
        return PowerAt(effectSize * Math.Sqrt(EffectiveSize(controlSize, ratio)), alpha, alternative);
    }

    /// <summary>Control units needed to detect <paramref name="effectSize"/> with the given power (fractional; see <see cref="RoundUp"/>).</summary>
    /// <param name="effectSize">Standardized effect; positive for <see cref="Alternative.Greater"/>, negative for <see cref="Alternative.Less"/>, non-zero.</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Treatment units per control unit, n₂ / n₁ &gt; 0; treatment needs ratio × the result.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="alternative">The alternative hypothesis about treatment − control.</param>
    public static double SampleSize(double effectSize, double power = DefaultPower, double ratio = DefaultRatio, double alpha = DefaultAlpha,
        Alternative alternative = Alternative.TwoSided)
    {
        CheckDesign(ratio, alpha, alternative);
        CheckPower(power, alpha);
        CheckDirection(effectSize, alternative, nameof(effectSize));
        double lambda = RequiredNoncentrality(power, alpha, alternative);
        double effective = lambda * lambda / (effectSize * effectSize);
        return effective * (1 + ratio) / ratio;
    }

    /// <summary>The smallest standardized effect detected with the given power; negative for <see cref="Alternative.Less"/>.</summary>
    /// <param name="controlSize">Units in control, n₁ &gt; 0.</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Treatment units per control unit, n₂ / n₁ &gt; 0.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="alternative">The alternative hypothesis; for two-sided tests the positive root is returned.</param>
    public static double MinimumEffectSize(double controlSize, double power = DefaultPower, double ratio = DefaultRatio, double alpha = DefaultAlpha,
        Alternative alternative = Alternative.TwoSided)
    {
        CheckSize(controlSize, nameof(controlSize));
        CheckDesign(ratio, alpha, alternative);
        CheckPower(power, alpha);
        double d = RequiredNoncentrality(power, alpha, alternative) / Math.Sqrt(EffectiveSize(controlSize, ratio));
        return alternative == Alternative.Less ? -d : d;
    }

    /// <summary>
    /// A fractional sample size rounded up to whole units, ignoring a relative excess of 1e-9 so that a
    /// size that is an integer up to rounding error (20000.000000001) is not bumped to the next unit.
    /// </summary>
    public static long RoundUp(double size)
    {
        if (!(size >= 0) || size > long.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"size must lie in [0, {long.MaxValue}].");
        return (long)Math.Ceiling(size * (1 - 1e-9));
    }

    // n₁n₂/(n₁ + n₂) with n₂ = ratio · n₁ (statsmodels NormalIndPower.power, ddof = 0).
    private static double EffectiveSize(double controlSize, double ratio) => 1 / (1 / controlSize + 1 / (ratio * controlSize));

    private static double PowerAt(double lambda, double alpha, Alternative alternative) => alternative switch
    {
        Alternative.Greater => Normal.Sf(Normal.Quantile(1 - alpha) - lambda),
        Alternative.Less => Normal.Cdf(-Normal.Quantile(1 - alpha) - lambda),
        _ => Normal.Sf(Normal.Quantile(1 - alpha / 2) - lambda) + Normal.Cdf(-Normal.Quantile(1 - alpha / 2) - lambda),
    };

    // |λ| at which the power reaches its target; power is increasing in |λ| in the tested direction.
    private static double RequiredNoncentrality(double power, double alpha, Alternative alternative)
    {
        double sign = alternative == Alternative.Less ? -1 : 1;
        double upper = Normal.Quantile(1 - alpha / 2) + Math.Max(Normal.Quantile(power), 0) + 10;
        return RootFinder.Brent(lambda => PowerAt(sign * lambda, alpha, alternative) - power, 0, upper);
    }

    private static void CheckSize(double size, string name)
    {
        if (!(size > 0) || double.IsInfinity(size))
            throw new ArgumentOutOfRangeException(name, size, $"{name} is {size}; it must be positive and finite.");
    }

    private static void CheckDesign(double ratio, double alpha, Alternative alternative)
    {
        if (!(ratio > 0) || double.IsInfinity(ratio))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, $"ratio (treatment units per control unit) is {ratio}; it must be positive and finite.");
        FrequentistTest.CheckAlpha(alpha);
        if (!Enum.IsDefined(alternative))
            throw new ArgumentOutOfRangeException(nameof(alternative), alternative, "alternative must be TwoSided, Greater or Less.");
    }

    private static void CheckPower(double power, double alpha)
    {
        if (!(power > alpha && power < 1))
            throw new ArgumentOutOfRangeException(nameof(power), power, $"power is {power}; it must lie in (alpha = {alpha}, 1).");
    }

    private static void CheckDirection(double effect, Alternative alternative, string name)
    {
        if (!double.IsFinite(effect) || effect == 0)
            throw new ArgumentOutOfRangeException(name, effect, $"{name} is {effect}; it must be finite and non-zero.");
        if (alternative == Alternative.Greater && effect < 0 || alternative == Alternative.Less && effect > 0)
            throw new ArgumentOutOfRangeException(name, effect,
                $"{name} is {effect}, but the alternative {alternative} can only detect a {(alternative == Alternative.Greater ? "positive" : "negative")} effect.");
    }
}
