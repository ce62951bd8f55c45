namespace MarketLab.Evaluation.AbTesting;

/// <summary>Raised inside the engine when data cannot support a statistic; the analysis turns it into a result's error.</summary>
public sealed class AnalysisException(AnalysisError error, string message) : Exception(message)
{
    public AnalysisError Error { get; } = error;
}
