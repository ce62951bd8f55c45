using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Classification;

/// <summary>DeLong's test of two correlated ROC AUCs measured on the same rows.</summary>
/// <param name="AucA">ROC AUC of the first scores.</param>
/// <param name="AucB">ROC AUC of the second scores.</param>
/// <param name="Difference">AucA − AucB.</param>
/// <param name="StandardError">√Var(AucA − AucB) from the structural components (DeLong et al. 1988, eq. 5 ff.).</param>
/// <param name="Z">Difference / StandardError; NaN only when <paramref name="Error"/> is set.</param>
/// <param name="PValue">Normal-reference p-value under <paramref name="Alternative"/>; NaN only when <paramref name="Error"/> is set.</param>
/// <param name="ConfidenceInterval">Difference ± z·SE (one end infinite for one-sided alternatives).</param>
/// <param name="ConfidenceLevel">Coverage of the interval.</param>
/// <param name="Alternative">Hypothesis about AucA − AucB.</param>
/// <param name="Error"><see cref="AnalysisError.ZeroVariance"/> when the SE is 0 (e.g. identical rankings), else None.</param>
public sealed record DeLongResult(
    double AucA,
    double AucB,
    double Difference,
    double StandardError,
    double Z,
    double PValue,
    Interval ConfidenceInterval,
    double ConfidenceLevel,
    Alternative Alternative,
    AnalysisError Error);
