using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// Always-valid inference for an <see cref="EffectEstimate"/>: asymptotic confidence sequences that may be
/// looked at after every batch of data, with the experiment stopped at any look, and still cover the
/// true effect at every look simultaneously with probability ≥ 1 − α.
/// </summary>
/// <remarks>
/// <para>Waudby-Smith, Arnold, Wu, Wang &amp; Ramdas, "Time-uniform central limit theory and asymptotic
/// confidence sequences" (arXiv 2103.06476v7; Ann. Stat. 2024), the two-sided normal-mixture asymptotic CS,
/// eq. (9) as cited by GrowthBook's gbstats: for the mean of n units with per-unit standard deviation σ̂,</para>
/// <para>  half-width = σ̂ √( 2(nρ² + 1)/(n²ρ²) · ln(√(nρ² + 1)/α) ),</para>
/// <para>with ρ² = (−2 ln α + ln(−2 ln α + 1)) / N* (eq. 161 there), which makes the boundary tightest at
/// n = N*, the <c>tuningSampleSize</c>. The A/B difference is treated as such a mean with
/// n = control + treatment units and σ̂² = n·Var(Δ), so the half-width is q·SE(Δ) with the multiplier
/// q = √((nρ² + 1)/(nρ²)) · √(2 ln(√(nρ² + 1)/α)) in place of the fixed-horizon z quantile; the relative
/// lift uses the same q with its delta-method SE.</para>
/// <para>One-sided alternatives put all of α on one side, as the fixed-horizon test uses z₁₋α rather than
/// z₁₋α/₂. The two-sided boundary has no α/2 to move, so instead of reusing it (valid but conservative) we
/// use the one-sided normal-mixture boundary of Howard, Ramdas, McAuliffe &amp; Sekhon, "Time-uniform,
/// nonparametric, nonasymptotic confidence sequences" (Ann. Stat. 2021): with a half-normal
/// mixing density of scale ρ over λ ≥ 0 the mixture martingale is, by a Gaussian integral,
/// M₁(s) = 2/√c · exp(x²/2) · Φ(x), with c = nρ² + 1 and x = ρs/√c, s the standardised sum. Ville's
/// inequality gives P(∃n: M₁ ≥ 1/α) ≤ α, so the bound crosses at the root x* of M₁ = 1/α and
/// q = √(c/(nρ²)) · x*. The same ρ (eq. 161) is used. The two-sided mixture is
/// M₂(s) = 1/√c · exp(x²/2), whose crossing gives eq. (9) exactly.</para>
/// <para>The always-valid p-value is the smallest α whose sequence excludes 0. Because ρ depends on α it
/// has no closed form. (gbstats instead reports 1/M₂ with ρ fixed at the nominal α for two-sided tests,
/// which agrees with ours on whether p &lt; α but not on p itself, and bisects for one-sided ones.) The
/// multiplier q decreases monotonically in α (checked on a
/// grid of n from 2 to 10⁹ and N* from 100 to 10⁶ by References/sequential.py), so bisection on ln α finds it, and
/// p &lt; α exactly when the reported interval excludes 0.</para>
/// <para>The normal approximation is asymptotic: <see cref="EffectEstimate.DegreesOfFreedom"/> and the
/// pooled <see cref="EffectEstimate.NullVariance"/> are not used, so the statistic z = Δ / SE(Δ) is the one
/// the interval and p-value are built from.</para>
/// </remarks>
public static class SequentialTest
{
    // Bisection on ln α covers α ∈ [e^−700, 1); p-values below e^−700 (≈ 1e−304) are reported as that floor.
    private const double LogAlphaFloor = -700;
    private const double LogAlphaCeiling = -1e-12;

    /// <summary>Always-valid confidence intervals and p-value at the current look.</summary>
    /// <param name="effect">The treatment-minus-control effect at this look.</param>
    /// <param name="alpha">Error rate of the whole sequence, in (0, 1).</param>
    /// <param name="alternative">Two-sided or one-sided (see remarks for the one-sided boundary).</param>
    /// <param name="tuningSampleSize">Total units N* at which the sequence is tightest (GrowthBook's default
    /// 5000); set it near the planned sample size. Positive and finite.</param>
    public static FrequentistResult Evaluate(EffectEstimate effect, double alpha = 0.05, Alternative alternative = Alternative.TwoSided, double tuningSampleSize = 5000)
    {
        ArgumentNullException.ThrowIfNull(effect);
        FrequentistTest.CheckAlpha(alpha);
        if (!(tuningSampleSize > 0 && double.IsFinite(tuningSampleSize)))
            throw new ArgumentOutOfRangeException(nameof(tuningSampleSize), tuningSampleSize, "tuningSampleSize must be positive and finite.");
        if (!Enum.IsDefined(alternative))
            throw new ArgumentOutOfRangeException(nameof(alternative), alternative, $"Unknown alternative; use one of {string.Join(", ", Enum.GetNames<Alternative>())}.");
        if (effect.ControlCount <= 0 || effect.TreatmentCount <= 0)
            throw new AnalysisException(AnalysisError.EmptyArm, "an arm has no units");
        if (!(effect.AbsoluteVariance > 0))
            throw new AnalysisException(AnalysisError.ZeroVariance, "the effect has no positive variance, so no standard error exists");

        double n = (double)effect.ControlCount + effect.TreatmentCount;
        double z = effect.Absolute / effect.AbsoluteStandardError;
        bool twoSided = alternative == Alternative.TwoSided;
        double directed = alternative switch
        {
            Alternative.Greater => z,
            Alternative.Less => -z,
            _ => Math.Abs(z),
        };
        double q = Multiplier(n, tuningSampleSize, alpha, twoSided);
        return new FrequentistResult(z, PValue(directed, n, tuningSampleSize, twoSided),
            FrequentistTest.Bounds(effect.Absolute, effect.AbsoluteStandardError, q, alternative),
            FrequentistTest.Bounds(effect.Relative, effect.RelativeStandardError, q, alternative));
    }

    /// <summary>ρ² of eq. (161): the mixing variance that makes the boundary tightest at N* units.</summary>
    internal static double RhoSquared(double alpha, double tuningSampleSize)
    {
        double l = -2 * Math.Log(alpha);
        return (l + Math.Log(l + 1)) / tuningSampleSize;
    }

    /// <summary>The half-width of the sequence in units of the effect's standard error.</summary>
    internal static double Multiplier(double n, double tuningSampleSize, double alpha, bool twoSided)
    {
        double nr = n * RhoSquared(alpha, tuningSampleSize);
        double logC = Math.Log(1 + nr);
        // Two-sided crossing of M₂ = 1/α: x² = 2 ln(√c / α); this is eq. (9).
        double x = Math.Sqrt(logC - 2 * Math.Log(alpha));
        if (!twoSided) x = OneSidedCrossing(logC, Math.Log(alpha), x);
        return Math.Sqrt((1 + nr) / nr) * x;
    }

    /// <summary>ln of the mixture martingale at standardised position x (= z √(nρ²/c)).</summary>
    internal static double LogMixture(double x, double logC, bool twoSided) => twoSided
        ? x * x / 2 - logC / 2
        : Math.Log(2) - logC / 2 + x * x / 2 + Math.Log(Normal.Cdf(x));

    // Root of ln M₁(x) = −ln α. ln M₁ increases in x (its derivative x + φ(x)/Φ(x) is positive), is below
    // −ln α at x = 0 (M₁(0) = 1/√c < 1/α) and above it at the two-sided root (M₁ = 2Φ(x)M₂ ≥ M₂).
    private static double OneSidedCrossing(double logC, double logAlpha, double twoSidedRoot)
    {
        double lo = 0, hi = twoSidedRoot;
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (LogMixture(mid, logC, false) + logAlpha < 0) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Smallest α whose sequence excludes 0, given the directed z (|z| for two-sided).</summary>
    internal static double PValue(double directedZ, double n, double tuningSampleSize, bool twoSided)
    {
        if (!Excludes(LogAlphaCeiling)) return 1;
        if (Excludes(LogAlphaFloor)) return Math.Exp(LogAlphaFloor);
        double lo = LogAlphaFloor, hi = LogAlphaCeiling; // lo does not exclude 0, hi does
        for (int i = 0; i < 200 && hi - lo > 1e-14; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Excludes(mid)) hi = mid; else lo = mid;
        }
        return Math.Exp(0.5 * (lo + hi));

        // The sequence at level α excludes 0 when the mixture martingale at the observed z reaches 1/α.
        bool Excludes(double logAlpha)
        {
            double nr = n * RhoSquared(Math.Exp(logAlpha), tuningSampleSize);
            double x = directedZ * Math.Sqrt(nr / (1 + nr));
            return LogMixture(x, Math.Log(1 + nr), twoSided) + logAlpha >= 0;
        }
    }
}
