namespace MarketLab.Evaluation.AbTesting;

/// <summary>Fixed-horizon p-value and confidence intervals for an <see cref="EffectEstimate"/>.</summary>
/// <param name="Statistic">z or t statistic of Δ.</param>
/// <param name="PValue">p-value for the chosen alternative.</param>
/// <param name="AbsoluteInterval">Confidence interval of Δ.</param>
/// <param name="RelativeInterval">Confidence interval of the relative lift (delta method).</param>
public sealed record FrequentistResult(double Statistic, double PValue, Interval AbsoluteInterval, Interval RelativeInterval);
