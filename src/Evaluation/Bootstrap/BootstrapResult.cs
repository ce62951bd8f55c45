using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Bootstrap;

/// <summary>A bootstrap confidence interval with what it was computed from.</summary>
/// <param name="Estimate">The statistic on the original sample(s), θ̂.</param>
/// <param name="Interval">The confidence interval; one-sided intervals have an infinite end.</param>
/// <param name="StandardError">Bootstrap standard error: the sample standard deviation (B − 1) of the
/// replicates (Efron &amp; Tibshirani 1993, eq. 6.6).</param>
/// <param name="Replicates">θ̂*₁ … θ̂*_B in resampling order.</param>
/// <param name="Method">How the interval was read off the replicates.</param>
/// <param name="ConfidenceLevel">The interval's nominal coverage.</param>
public sealed record BootstrapResult(
    double Estimate,
    Interval Interval,
    double StandardError,
    IReadOnlyList<double> Replicates,
    BootstrapMethod Method,
    double ConfidenceLevel);
