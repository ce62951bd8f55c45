using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.OffPolicy;

/// <summary>
/// Off-policy evaluation: the value of a target policy π estimated from rounds logged under another
/// policy π₀, by IPS, self-normalised IPS, the direct method or doubly robust.
/// </summary>
/// <remarks>
/// The estimators follow the Open Bandit Pipeline's definitions (Saito, Aihara, Matsutani &amp; Narita,
/// arXiv 2008.07146, §3; <c>obp.ope.estimators</c>): each (except SNIPS) is the mean of per-round values
/// vᵢ, exactly as obp's <c>_estimate_round_rewards</c>, with wᵢ = π(aᵢ|xᵢ)/pᵢ. obp reports bootstrap
/// intervals only; here every estimate also gets a standard error and a normal interval (SE from the sample
/// standard deviation of vᵢ, n − 1; SNIPS by linearisation), and optionally a seeded bootstrap interval.
/// </remarks>
public static class OffPolicyEvaluation
{
    /// <summary>IPS: V̂ = (1/n) Σ wᵢ rᵢ with wᵢ = min(π(aᵢ|xᵢ)/pᵢ, λ).</summary>
    /// <param name="log">The logged rounds.</param>
    /// <param name="options">Settings; defaults to a 95% interval, no clipping, no bootstrap.</param>
    public static OffPolicyEstimate InversePropensityScoring(LoggedFeedback log, OffPolicyOptions? options = null) =>
        Estimate(OffPolicyEstimator.InversePropensityScoring, log, null, options);

    /// <summary>SNIPS: V̂ = Σ wᵢ rᵢ / Σ wᵢ (Swaminathan &amp; Joachims 2015, eq. 2), SE by the delta method.</summary>
    /// <param name="log">The logged rounds.</param>
    /// <param name="options">Settings; <see cref="OffPolicyOptions.WeightClip"/> is not used.</param>
    public static OffPolicyEstimate SelfNormalizedInversePropensityScoring(LoggedFeedback log, OffPolicyOptions? options = null) =>
        Estimate(OffPolicyEstimator.SelfNormalizedInversePropensityScoring, log, null, options);

    /// <summary>Direct method: V̂ = (1/n) Σ Σₐ π(a|xᵢ) q̂(xᵢ, a).</summary>
    /// <param name="log">The logged rounds (their count must match the model's).</param>
    /// <param name="model">The outcome model's predictions for these rounds.</param>
    /// <param name="options">Settings; the standard error ignores the model's own estimation error.</param>
    public static OffPolicyEstimate DirectMethod(LoggedFeedback log, OutcomePredictions model, OffPolicyOptions? options = null) =>
        Estimate(OffPolicyEstimator.DirectMethod, log, model ?? throw new ArgumentNullException(nameof(model)), options);

    /// <summary>Doubly robust: V̂ = (1/n) Σ [q̂_π(xᵢ) + wᵢ (rᵢ − q̂(xᵢ, aᵢ))] (Dudík, Langford &amp; Li 2011, eq. 3).</summary>
    /// <param name="log">The logged rounds.</param>
    /// <param name="model">The outcome model's predictions for these rounds.</param>
    /// <param name="options">Settings; defaults to a 95% interval, no clipping, no bootstrap.</param>
    public static OffPolicyEstimate DoublyRobust(LoggedFeedback log, OutcomePredictions model, OffPolicyOptions? options = null) =>
        Estimate(OffPolicyEstimator.DoublyRobust, log, model ?? throw new ArgumentNullException(nameof(model)), options);

    /// <summary>Every estimator that the inputs allow: IPS and SNIPS always, DM and DR when a model is given.</summary>
    public static IReadOnlyList<OffPolicyEstimate> EstimateAll(LoggedFeedback log, OutcomePredictions? model = null, OffPolicyOptions? options = null) =>
        Enum.GetValues<OffPolicyEstimator>()
            .Where(e => model is not null || !NeedsModel(e))
            .Select(e => Estimate(e, log, model, options))
            .ToArray();

    /// <summary>One estimator chosen by value.</summary>
    /// <param name="estimator">The estimator.</param>
    /// <param name="log">The logged rounds.</param>
    /// <param name="model">Required for <see cref="OffPolicyEstimator.DirectMethod"/> and <see cref="OffPolicyEstimator.DoublyRobust"/>.</param>
    /// <param name="options">Settings.</param>
    public static OffPolicyEstimate Estimate(OffPolicyEstimator estimator, LoggedFeedback log, OutcomePredictions? model = null, OffPolicyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!Enum.IsDefined(estimator))
            throw new ArgumentOutOfRangeException(nameof(estimator), estimator, $"estimator must be one of {string.Join(", ", Enum.GetNames<OffPolicyEstimator>())}.");
        if (NeedsModel(estimator))
        {
            if (model is null)
                throw new ArgumentNullException(nameof(model), $"{estimator} needs the outcome model's predictions.");
            if (model.Count != log.Count)
                throw new ArgumentException($"model has {model.Count} rounds but log has {log.Count}; give one prediction per logged round.", nameof(model));
        }
        options ??= new OffPolicyOptions();

        double clip = estimator == OffPolicyEstimator.SelfNormalizedInversePropensityScoring ? double.PositiveInfinity : options.WeightClip;
        double[] weights = RoundValues.Weights(log, clip);
        double ess = RoundValues.EffectiveSampleSize(weights);
        double z = Normal.Quantile(0.5 + options.ConfidenceLevel / 2);

        double value, se;
        StandardErrorMethod method;
        AnalysisError error = AnalysisError.None;
        Func<ReadOnlySpan<double>, double> statistic;
        double[] sample;
        if (estimator == OffPolicyEstimator.SelfNormalizedInversePropensityScoring)
        {
            method = StandardErrorMethod.Linearization;
            (value, se) = RoundValues.SelfNormalized(weights, log.RewardArray);
            if (double.IsNaN(value)) error = AnalysisError.ZeroDenominator;
            double[] rewards = log.RewardArray;
            sample = Enumerable.Range(0, log.Count).Select(i => (double)i).ToArray();
            statistic = indices => RoundValues.SelfNormalizedOn(indices, weights, rewards);
        }
        else
        {
            method = StandardErrorMethod.SampleMean;
            sample = RoundValues.PerRound(estimator, log, model, weights);
            (value, se) = RoundValues.MeanAndStandardError(sample);
            statistic = values => RoundValues.Mean(values);
        }
        if (error == AnalysisError.None && log.Count < 2) error = AnalysisError.TooFewUnits;

        BootstrapResult? bootstrap = options.Bootstrap is { } b && error == AnalysisError.None
            ? BootstrapInterval.OneSample(sample, statistic, b)
            : null;
        return new OffPolicyEstimate(estimator, value, se, method, new Interval(value - z * se, value + z * se),
            options.ConfidenceLevel, log.Count, ess, bootstrap, error);
    }

    private static bool NeedsModel(OffPolicyEstimator e) =>
        e is OffPolicyEstimator.DirectMethod or OffPolicyEstimator.DoublyRobust;
}
