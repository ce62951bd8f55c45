using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.AbTesting;

/// <summary>Bayesian comparison of a treatment with control: Beta–binomial for conversions, normal for everything else.</summary>
public static class BayesianTest
{
    /// <summary>Default credible mass of the intervals.</summary>
    public const double DefaultCredibleMass = 0.95;

    /// <summary>
    /// Conversion rates with conjugate Beta posteriors Beta(α + x, β + n − x) per arm, compared by deterministic
    /// quadrature (no Monte Carlo), so results are reproducible to the last digits.
    /// </summary>
    /// <param name="controlSuccesses">Conversions in control, 0 ≤ x_c ≤ n_c.</param>
    /// <param name="controlTrials">Units in control, n_c &gt; 0.</param>
    /// <param name="treatmentSuccesses">Conversions in treatment, 0 ≤ x_t ≤ n_t.</param>
    /// <param name="treatmentTrials">Units in treatment, n_t &gt; 0.</param>
    /// <param name="prior">Prior of both rates; <see cref="BetaPrior.Uniform"/> when null.</param>
    /// <param name="credibleMass">Mass of the equal-tailed credible intervals, in (0, 1).</param>
    /// <remarks>
    /// The expected-loss integral follows C. Stucchio, "Bayesian A/B Testing at VWO" (2015), eq. (4) and
    /// E. Miller, "Formulas for Bayesian A/B Testing" (2014), written as one-dimensional integrals over
    /// the control's posterior; see <see cref="BetaPosteriorComparison"/>. The relative lift reported is
    /// the posterior median of p_t/p_c − 1.
    /// </remarks>
    public static BayesianResult BetaBinomial(long controlSuccesses, long controlTrials, long treatmentSuccesses, long treatmentTrials,
        BetaPrior? prior = null, double credibleMass = DefaultCredibleMass)
    {
        CheckCounts(controlSuccesses, controlTrials, nameof(controlSuccesses), nameof(controlTrials));
        CheckCounts(treatmentSuccesses, treatmentTrials, nameof(treatmentSuccesses), nameof(treatmentTrials));
        CheckMass(credibleMass);
        var p = prior ?? BetaPrior.Uniform;
        p.Validate(nameof(prior));

        var comparison = CreateComparison(controlSuccesses, controlTrials, treatmentSuccesses, treatmentTrials, p);
        var control = Posterior(controlSuccesses, controlTrials, p);
        var treatment = Posterior(treatmentSuccesses, treatmentTrials, p);
        double tail = (1 - credibleMass) / 2;
        return new BayesianResult(
            comparison.ChanceToBeat(),
            comparison.ExpectedLoss(),
            comparison.ControlRisk(),
            treatment.Mean - control.Mean,
            comparison.RelativeQuantile(0.5),
            new Interval(comparison.DifferenceQuantile(tail), comparison.DifferenceQuantile(1 - tail)),
            new Interval(comparison.RelativeQuantile(tail), comparison.RelativeQuantile(1 - tail)));
    }

    /// <summary>
    /// A normal model on an <see cref="EffectEstimate"/> (means, ratios, CUPED-adjusted effects). Without a
    /// prior the posteriors are N(Relative, RelativeVariance) and N(Absolute, AbsoluteVariance); with a
    /// <see cref="NormalPrior"/> on the relative lift, each is the precision-weighted combination with the
    /// prior, mapped to absolute units as N(mean · control, (sd · |control|)²) (GrowthBook gbstats,
    /// <c>EffectBayesianABTest</c>; conjugate normal update, Gelman et al., <i>Bayesian Data Analysis</i>, 3rd ed., eq. 2.12).
    /// </summary>
    /// <param name="effect">The treatment-minus-control effect and its variances.</param>
    /// <param name="prior">Prior on the relative lift; flat when null.</param>
    /// <param name="credibleMass">Mass of the equal-tailed credible intervals, in (0, 1).</param>
    /// <remarks>
    /// On the absolute posterior N(μ, σ²): chance to beat control Φ(μ/σ); expected loss
    /// E[max(−Δ, 0)] = σφ(μ/σ) − μΦ(−μ/σ); control risk E[max(Δ, 0)] = σφ(μ/σ) + μΦ(μ/σ).
    /// The relative lift reported is the posterior mean (= median) of the relative posterior.
    /// </remarks>
    public static BayesianResult Gaussian(EffectEstimate effect, NormalPrior? prior = null, double credibleMass = DefaultCredibleMass)
    {
        ArgumentNullException.ThrowIfNull(effect);
        CheckMass(credibleMass);
        if (!(effect.AbsoluteVariance > 0) || !double.IsFinite(effect.AbsoluteVariance))
            throw new ArgumentException($"effect.AbsoluteVariance is {effect.AbsoluteVariance}; it must be positive and finite.", nameof(effect));
        if (!(effect.RelativeVariance > 0) || !double.IsFinite(effect.RelativeVariance))
            throw new ArgumentException($"effect.RelativeVariance is {effect.RelativeVariance}; it must be positive and finite.", nameof(effect));

        double absoluteMean = effect.Absolute, absoluteVariance = effect.AbsoluteVariance;
        double relativeMean = effect.Relative, relativeVariance = effect.RelativeVariance;
        if (prior is { } p)
        {
            p.Validate(nameof(prior));
            double priorVariance = p.StandardDeviation * p.StandardDeviation;
            (relativeMean, relativeVariance) = Combine(p.Mean, priorVariance, relativeMean, relativeVariance);
            double c = effect.ControlValue;
            (absoluteMean, absoluteVariance) = Combine(p.Mean * c, priorVariance * c * c, absoluteMean, absoluteVariance);
        }

        double sigma = Math.Sqrt(absoluteVariance), z = absoluteMean / sigma;
        double density = Normal.Pdf(z);
        double q = Normal.Quantile(0.5 + credibleMass / 2);
        double relativeSigma = Math.Sqrt(relativeVariance);
        return new BayesianResult(
            Normal.Cdf(z),
            sigma * density - absoluteMean * Normal.Cdf(-z),
            sigma * density + absoluteMean * Normal.Cdf(z),
            absoluteMean,
            relativeMean,
            new Interval(absoluteMean - q * sigma, absoluteMean + q * sigma),
            new Interval(relativeMean - q * relativeSigma, relativeMean + q * relativeSigma));
    }

    internal static BetaPosteriorComparison CreateComparison(long controlSuccesses, long controlTrials, long treatmentSuccesses, long treatmentTrials, BetaPrior prior) =>
        new(Posterior(controlSuccesses, controlTrials, prior), Posterior(treatmentSuccesses, treatmentTrials, prior));

    private static BetaDistribution Posterior(long successes, long trials, BetaPrior prior) =>
        new(prior.Alpha + successes, prior.Beta + (trials - successes));

    // Precision weighting of two normal distributions (prior and likelihood).
    private static (double Mean, double Variance) Combine(double priorMean, double priorVariance, double mean, double variance)
    {
        double precision = 1 / priorVariance + 1 / variance;
        return ((priorMean / priorVariance + mean / variance) / precision, 1 / precision);
    }

    private static void CheckCounts(long successes, long trials, string successesName, string trialsName)
    {
        if (trials <= 0)
            throw new ArgumentOutOfRangeException(trialsName, trials, $"{trialsName} is {trials}; it must be at least 1.");
        if (successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(successesName, successes, $"{successesName} is {successes}; it must lie in [0, {trialsName} = {trials}].");
    }

    private static void CheckMass(double credibleMass)
    {
        if (!(credibleMass > 0 && credibleMass < 1))
            throw new ArgumentOutOfRangeException(nameof(credibleMass), credibleMass, "credibleMass must lie strictly between 0 and 1.");
    }
}
