namespace MarketLab.Evaluation.AbTesting;

// Proportions: Cohen's h = 2 asin √p_t − 2 asin √p_c (J. Cohen, Statistical Power Analysis for the
// Behavioral Sciences, 2nd ed., 1988, eq. 6.2.1; statsmodels proportion_effectsize(p_t, p_c)).
public static partial class PowerAnalysis
{
    /// <summary>Cohen's h of treatment against control, 2 asin √<paramref name="treatmentRate"/> − 2 asin √<paramref name="baselineRate"/>.</summary>
    public static double ProportionEffectSize(double baselineRate, double treatmentRate)
    {
        CheckRate(baselineRate, nameof(baselineRate));
        CheckRate(treatmentRate, nameof(treatmentRate));
        return 2 * Math.Asin(Math.Sqrt(treatmentRate)) - 2 * Math.Asin(Math.Sqrt(baselineRate));
    }

    /// <summary>Power to detect a change of the conversion rate from <paramref name="baselineRate"/> to <paramref name="treatmentRate"/>.</summary>
    /// <param name="baselineRate">Control's rate, in [0, 1].</param>
    /// <param name="treatmentRate">Treatment's rate, in [0, 1].</param>
    /// <param name="controlSize">Units in control, n₁ &gt; 0.</param>
    /// <param name="ratio">Treatment units per control unit, n₂ / n₁ &gt; 0.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="alternative">The alternative hypothesis about treatment − control.</param>
    public static double ProportionPower(double baselineRate, double treatmentRate, double controlSize, double ratio = DefaultRatio,
        double alpha = DefaultAlpha, Alternative alternative = Alternative.TwoSided) =>
        Power(ProportionEffectSize(baselineRate, treatmentRate), controlSize, ratio, alpha, alternative);

    /// <summary>Control units needed to detect the change from <paramref name="baselineRate"/> to <paramref name="treatmentRate"/> with the given power.</summary>
    /// <param name="baselineRate">Control's rate, in [0, 1].</param>
    /// <param name="treatmentRate">Treatment's rate, in [0, 1], different from the baseline (above it for Greater, below for Less).</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Treatment units per control unit, n₂ / n₁ &gt; 0; treatment needs ratio × the result.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="alternative">The alternative hypothesis about treatment − control.</param>
    public static double ProportionSampleSize(double baselineRate, double treatmentRate, double power = DefaultPower, double ratio = DefaultRatio,
        double alpha = DefaultAlpha, Alternative alternative = Alternative.TwoSided)
    {
        double h = ProportionEffectSize(baselineRate, treatmentRate);
        CheckDirection(h, alternative, nameof(treatmentRate));
        return SampleSize(h, power, ratio, alpha, alternative);
    }

    /// <summary>
    /// The treatment rate detected with the given power: above the baseline for two-sided and
    /// <see cref="Alternative.Greater"/> tests, below it for <see cref="Alternative.Less"/>.
    /// </summary>
    /// <param name="baselineRate">Control's rate, in [0, 1].</param>
    /// <param name="controlSize">Units in control, n₁ &gt; 0.</param>
    /// <param name="power">Target power in (alpha, 1).</param>
    /// <param name="ratio">Treatment units per control unit, n₂ / n₁ &gt; 0.</param>
    /// <param name="alpha">Significance level in (0, 1).</param>
    /// <param name="alternative">The alternative hypothesis about treatment − control.</param>
    /// <exception cref="ArgumentOutOfRangeException">When no rate in [0, 1] is detectable with this many units.</exception>
    public static double ProportionMinimumDetectableEffect(double baselineRate, double controlSize, double power = DefaultPower,
        double ratio = DefaultRatio, double alpha = DefaultAlpha, Alternative alternative = Alternative.TwoSided)
    {
        CheckRate(baselineRate, nameof(baselineRate));
        double h = MinimumEffectSize(controlSize, power, ratio, alpha, alternative);
        // Invert h: asin √p_t = asin √p_c + h/2, which must stay in [0, π/2].
        double angle = Math.Asin(Math.Sqrt(baselineRate)) + h / 2;
        if (angle < 0 || angle > Math.PI / 2)
            throw new ArgumentOutOfRangeException(nameof(controlSize), controlSize,
                $"With controlSize = {controlSize} no treatment rate in [0, 1] reaches power {power} from baseline {baselineRate}; more units are needed.");
        double s = Math.Sin(angle);
        return s * s;
    }

    private static void CheckRate(double rate, string name)
    {
        if (!(rate >= 0 && rate <= 1))
            throw new ArgumentOutOfRangeException(name, rate, $"{name} is {rate}; a rate must lie in [0, 1].");
    }
}
