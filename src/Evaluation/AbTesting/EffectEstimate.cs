namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// The treatment-minus-control effect with its variance: absolute (Δ) and relative (Δ / control),
/// optionally CUPED-adjusted. Every test (frequentist, sequential, Bayesian normal) starts from here.
/// </summary>
/// <param name="ControlValue">Control's metric value (unadjusted).</param>
/// <param name="TreatmentValue">Treatment's metric value (unadjusted).</param>
/// <param name="Absolute">Δ, CUPED-adjusted when <paramref name="Theta"/> ≠ 0.</param>
/// <param name="AbsoluteVariance">Var(Δ).</param>
/// <param name="Relative">Δ / control value.</param>
/// <param name="RelativeVariance">Var(Δ / control) by the delta method.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom, or +∞ for a normal reference distribution.</param>
/// <param name="NullVariance">Var(Δ) under H₀ when it differs from <paramref name="AbsoluteVariance"/>
/// (pooled two-proportion z-test); used for the p-value only.</param>
/// <param name="Theta">The CUPED coefficient θ (0 without a covariate).</param>
/// <param name="VarianceReduction">1 − Var(Δ adjusted) / Var(Δ unadjusted); 0 without a covariate.</param>
/// <param name="ControlCount">Units in control.</param>
/// <param name="TreatmentCount">Units in treatment.</param>
public sealed record EffectEstimate(
    double ControlValue,
    double TreatmentValue,
    double Absolute,
    double AbsoluteVariance,
    double Relative,
    double RelativeVariance,
    double DegreesOfFreedom,
    double? NullVariance,
    double Theta,
    double VarianceReduction,
    long ControlCount,
    long TreatmentCount)
{
    /// <summary>Standard error of Δ.</summary>
    public double AbsoluteStandardError => Math.Sqrt(AbsoluteVariance);

    /// <summary>Standard error of the relative lift.</summary>
    public double RelativeStandardError => Math.Sqrt(RelativeVariance);

    /// <summary>Compares two arms. With covariates in both, applies CUPED.</summary>
    /// <param name="control">Control arm moments.</param>
    /// <param name="treatment">Treatment arm moments.</param>
    /// <param name="pooledNullVariance">For Bernoulli arms, also compute the pooled variance under H₀
    /// (the classic two-proportion z-test, statsmodels' <c>proportions_ztest</c>).</param>
    /// <remarks>
    /// CUPED (Deng, Xu, Kohavi &amp; Walker, WSDM 2013, §3.2): Δ* = Δ − θ(X̄_t − X̄_c). Deng et al. take
    /// θ = cov(Y, X)/var(X); we use the θ that minimises Var(Δ*) for the two arms as sampled,
    /// θ = (C_t + C_c)/(V_t^X + V_c^X) on estimator moments, which equals theirs when the arms share
    /// sizes and variances and stays optimal when they do not. For ratio metrics the same formula
    /// applies to the delta-method moments of the ratios.
    /// </remarks>
    public static EffectEstimate Compute(ArmMoments control, ArmMoments treatment, bool pooledNullVariance = false)
    {
        if (control.Count == 0 || treatment.Count == 0)
            throw new AnalysisException(AnalysisError.EmptyArm, "an arm has no units");
        double mc = control.Value, mt = treatment.Value;
        double rawDiff = mt - mc;
        double rawVariance = control.Variance + treatment.Variance;

        bool cuped = control.HasCovariate && treatment.HasCovariate;
        double theta = 0;
        if (cuped)
        {
            double covarianceSum = control.Covariance + treatment.Covariance;
            double preVariance = control.CovariateVariance + treatment.CovariateVariance;
            theta = preVariance > 0 ? covarianceSum / preVariance : 0;
        }

        double vc = control.Variance + theta * theta * control.CovariateVariance - 2 * theta * control.Covariance;
        double vt = treatment.Variance + theta * theta * treatment.CovariateVariance - 2 * theta * treatment.Covariance;
        double diff = rawDiff - theta * (treatment.CovariateValue - control.CovariateValue);
        double variance = vc + vt;
        if (!(variance > 0) || !(rawVariance > 0))
            throw new AnalysisException(AnalysisError.ZeroVariance, "the metric does not vary within the arms, so no standard error exists");
        if (mc == 0)
            throw new AnalysisException(AnalysisError.ZeroControlValue, "the control value is zero, so the relative lift is undefined");

        // Delta method for Δ/m_c with Cov(Δ, m_c) = −V_c + θ C_c.
        double covDiffControl = -control.Variance + theta * control.Covariance;
        double relative = diff / mc;
        double relativeVariance = variance / (mc * mc) + diff * diff * control.Variance / (mc * mc * mc * mc)
            - 2 * diff * covDiffControl / (mc * mc * mc);

        double df = double.PositiveInfinity;
        if (control.UsesSampleVariance && treatment.UsesSampleVariance)
            df = variance * variance / (vc * vc / (control.Count - 1) + vt * vt / (treatment.Count - 1));

        double? nullVariance = null;
        if (pooledNullVariance && !cuped)
        {
            double pooled = (mc * control.Count + mt * treatment.Count) / (control.Count + treatment.Count);
            nullVariance = pooled * (1 - pooled) * (1.0 / control.Count + 1.0 / treatment.Count);
        }

        return new EffectEstimate(mc, mt, diff, variance, relative, relativeVariance, df, nullVariance, theta,
            cuped ? 1 - variance / rawVariance : 0, control.Count, treatment.Count);
    }
}
