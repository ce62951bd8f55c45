namespace MarketLab.Evaluation.Classification;

/// <summary>Reliability diagram and calibration errors of predicted probabilities.</summary>
/// <param name="Bins">The non-empty bins, in order (as sklearn's <c>calibration_curve</c>, which drops empty bins).</param>
/// <param name="BinCount">Number of equal-width bins B the unit interval was cut into.</param>
/// <param name="ExpectedCalibrationError">ECE = Σ_b (n_b/n)·|observed_b − predicted_b| (Naeini, Cooper &amp;
/// Hauskrecht, AAAI 2015; Guo et al., ICML 2017, eq. 3).</param>
/// <param name="MaximumCalibrationError">MCE = max_b |observed_b − predicted_b| over non-empty bins.</param>
/// <param name="ConfidenceLevel">Coverage of each bin's Wilson interval.</param>
public sealed record CalibrationReport(
    IReadOnlyList<ReliabilityBin> Bins,
    int BinCount,
    double ExpectedCalibrationError,
    double MaximumCalibrationError,
    double ConfidenceLevel);
