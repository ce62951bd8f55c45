using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Uplift;

/// <summary>One bin of the ranking (a decile for 10 bins) with its arms' response rates.</summary>
/// <param name="Index">Bin number, 0 for the highest scores.</param>
/// <param name="Percentile">Upper percentile of the bin, round(100·(i + 1)/bins) as sklift (banker's rounding).</param>
/// <param name="TreatedCount">Treated rows in the bin.</param>
/// <param name="ControlCount">Control rows in the bin.</param>
/// <param name="TreatedRate">Response rate of the treated rows (NaN when <paramref name="Error"/> is EmptyArm).</param>
/// <param name="ControlRate">Response rate of the control rows (NaN when <paramref name="Error"/> is EmptyArm).</param>
/// <param name="Uplift">TreatedRate − ControlRate.</param>
/// <param name="StandardError">√(pₜ(1−pₜ)/nₜ + p꜀(1−p꜀)/n꜀), sklift's <c>std=True</c> column.</param>
/// <param name="ConfidenceInterval">Wald interval Uplift ± z·StandardError.</param>
/// <param name="Error"><see cref="AnalysisError.EmptyArm"/> when the bin holds no row of one arm, else None.</param>
public sealed record UpliftBin(
    int Index,
    double Percentile,
    long TreatedCount,
    long ControlCount,
    double TreatedRate,
    double ControlRate,
    double Uplift,
    double StandardError,
    Interval ConfidenceInterval,
    AnalysisError Error);
