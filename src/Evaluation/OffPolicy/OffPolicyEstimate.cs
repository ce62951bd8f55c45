using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Bootstrap;

namespace MarketLab.Evaluation.OffPolicy;

/// <summary>An off-policy estimate of a target policy's value, with its uncertainty.</summary>
/// <param name="Estimator">Which estimator produced it.</param>
/// <param name="Value">V̂(π), NaN only when <paramref name="Error"/> says why.</param>
/// <param name="StandardError">Standard error of V̂; NaN only when <paramref name="Error"/> says why.</param>
/// <param name="StandardErrorMethod">Sample mean of per-round values, or linearisation (SNIPS).</param>
/// <param name="Interval">Normal (Wald) interval V̂ ± z₁₋α/₂ SE.</param>
/// <param name="ConfidenceLevel">Nominal coverage of the intervals.</param>
/// <param name="Count">Logged rounds n.</param>
/// <param name="EffectiveSampleSize">Kish's (Σwᵢ)²/Σwᵢ² of the (clipped) importance weights, a diagnostic of
/// how many rounds effectively inform the estimate (0 when every weight is 0).</param>
/// <param name="Bootstrap">Bootstrap interval when <see cref="OffPolicyOptions.Bootstrap"/> was set.</param>
/// <param name="Error">Why the estimate or its standard error is missing: <see cref="AnalysisError.ZeroDenominator"/>
/// when SNIPS has Σwᵢ = 0, <see cref="AnalysisError.TooFewUnits"/> when n = 1.</param>
public sealed record OffPolicyEstimate(
    OffPolicyEstimator Estimator,
    double Value,
    double StandardError,
    StandardErrorMethod StandardErrorMethod,
    Interval Interval,
    double ConfidenceLevel,
    int Count,
    double EffectiveSampleSize,
    BootstrapResult? Bootstrap,
    AnalysisError Error = AnalysisError.None)
{
    /// <summary>True when the estimate and its standard error are available.</summary>
    public bool IsValid => Error == AnalysisError.None;
}
