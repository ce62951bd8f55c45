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

/// <summary>Raised inside the engine when data cannot support a statistic; the analysis turns it into a result's error.</summary>
public sealed class AnalysisException(AnalysisError error, string message) : Exception(message)
{
    public AnalysisError Error { get; } = error;
}
