namespace MarketLab.Evaluation.AbTesting;

// Means: standardized effect d = δ / σ with a common standard deviation σ, analysed with the normal
// approximation (statsmodels NormalIndPower, not TTestIndPower). For small samples the t-test needs a few
// more units than these sizes.
public static partial class PowerAnalysis
{
    /// <summary>Power to detect a mean difference <paramref name="delta"/> (normal approximation).</summary>
    /// <param name="delta">Treatment − control difference of means, in the metric's units.</param>
    /// <param name="standardDeviation">Per-unit standard deviation σ &gt; 0, shared by both arms.</param>
    /// <param name="controlSize">Units in control, n₁ &gt; 0.</param>
    /// <param name="ratio">Treatment units per control unit, n₂ / n₁ &gt; 0.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="alternative">The alternative hypothesis about treatment − control.</param>
    public static double MeanPower(double delta, double standardDeviation, double controlSize, double ratio = DefaultRatio,
        double alpha = DefaultAlpha, Alternative alternative = Alternative.TwoSided) =>
        Power(Standardize(delta, standardDeviation), controlSize, ratio, alpha, alternative);

    /// <summary>Control units needed to detect <paramref name="delta"/> with the given power (normal approximation).</summary>
    /// <param name="delta">Treatment − control difference of means; non-zero, positive for Greater, negative for Less.</param>
    /// <param name="standardDeviation">Per-unit standard deviation σ &gt; 0, shared by both arms.</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Treatment units per control unit, n₂ / n₁ &gt; 0; treatment needs ratio × the result.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="alternative">The alternative hypothesis about treatment − control.</param>
    public static double MeanSampleSize(double delta, double standardDeviation, double power = DefaultPower, double ratio = DefaultRatio,
        double alpha = DefaultAlpha, Alternative alternative = Alternative.TwoSided)
    {
        double d = Standardize(delta, standardDeviation);
        CheckDirection(d, alternative, nameof(delta));
        return SampleSize(d, power, ratio, alpha, alternative);
    }

    /// <summary>The smallest difference of means detected with the given power; negative for <see cref="Alternative.Less"/>.</summary>
    /// <param name="standardDeviation">Per-unit standard deviation σ &gt; 0, shared by both arms.</param>
    /// <param name="controlSize">Units in control, n₁ &gt; 0.</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Treatment units per control unit, n₂ / n₁ &gt; 0.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="alternative">The alternative hypothesis about treatment − control.</param>
    public static double MeanMinimumDetectableEffect(double standardDeviation, double controlSize, double power = DefaultPower,
        double ratio = DefaultRatio, double alpha = DefaultAlpha, Alternative alternative = Alternative.TwoSided)
    {
        CheckStandardDeviation(standardDeviation);
        return standardDeviation * MinimumEffectSize(controlSize, power, ratio, alpha, alternative);
    }

    private static double Standardize(double delta, double standardDeviation)
    {
        CheckStandardDeviation(standardDeviation);
        if (!double.IsFinite(delta)) throw new ArgumentOutOfRangeException(nameof(delta), delta, $"delta is {delta}; it must be finite.");
        return delta / standardDeviation;
    }

    private static void CheckStandardDeviation(double standardDeviation)
    {
        if (!(standardDeviation > 0) || double.IsInfinity(standardDeviation))
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation,
                $"standardDeviation is {standardDeviation}; it must be positive and finite.");
    }
}
