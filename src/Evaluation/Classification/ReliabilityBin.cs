using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Classification;

/// <summary>One non-empty equal-width bin of a reliability diagram.</summary>
/// <param name="Index">Bin number, 0 for [0, 1/B].</param>
/// <param name="Lower">Left edge, exclusive except for the first bin, which includes 0.</param>
/// <param name="Upper">Right edge, inclusive (sklearn's <c>searchsorted(side="left")</c> binning).</param>
/// <param name="Count">Rows whose predicted probability falls in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability of those rows (sklearn <c>calibration_curve</c>'s prob_pred).</param>
/// <param name="ObservedRate">Fraction of those rows with label 1 (prob_true).</param>
/// <param name="ObservedInterval">Wilson score interval for the observed rate (Wilson 1927; statsmodels
/// <c>proportion_confint(method="wilson")</c>).</param>
public sealed record ReliabilityBin(
    int Index,
    double Lower,
    double Upper,
    long Count,
    double MeanPredicted,
    double ObservedRate,
    Interval ObservedInterval);
