namespace MarketLab.Evaluation.AbTesting;

/// <summary>The posterior comparison of treatment with control.</summary>
/// <param name="ChanceToBeatControl">P(treatment &gt; control) under the posterior.</param>
/// <param name="ExpectedLoss">Risk of shipping treatment: E[max(control − treatment, 0)], in the metric's absolute units.</param>
/// <param name="ControlRisk">Risk of keeping control: E[max(treatment − control, 0)], in absolute units.</param>
/// <param name="AbsoluteLift">Posterior mean of treatment − control.</param>
/// <param name="RelativeLift">Posterior median of treatment / control − 1. (For the Gaussian model the
/// posterior is normal, so this is also its mean; for the Beta–binomial model the median is used because
/// the mean of 1/p_c does not exist when the control's posterior α ≤ 1.)</param>
/// <param name="AbsoluteInterval">Equal-tailed credible interval of treatment − control.</param>
/// <param name="RelativeInterval">Equal-tailed credible interval of treatment / control − 1.</param>
public sealed record BayesianResult(
    double ChanceToBeatControl,
    double ExpectedLoss,
    double ControlRisk,
    double AbsoluteLift,
    double RelativeLift,
    Interval AbsoluteInterval,
    Interval RelativeInterval);
