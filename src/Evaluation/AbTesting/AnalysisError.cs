namespace MarketLab.Evaluation.AbTesting;

/// <summary>Why a comparison has no valid result. Results carry this code instead of NaN.</summary>
public enum AnalysisError
{
    None,
    EmptyArm,
    TooFewUnits,
    ZeroVariance,
    ZeroDenominator,
    ZeroControlValue,
}
