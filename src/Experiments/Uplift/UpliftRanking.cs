using MarketLab.Evaluation;
using MarketLab.Evaluation.Uplift;

namespace MarketLab.Experiments.Uplift;

/// <summary>Ranking metrics of one contender on the held-out rows (scikit-uplift normalisation, Radcliffe 2007).</summary>
/// <param name="Qini">Qini coefficient (1 perfect, 0 random).</param>
/// <param name="QiniInterval">Percentile bootstrap interval over held-out rows; null without resamples.</param>
/// <param name="Auuc">Area under the uplift curve.</param>
/// <param name="AuucInterval">Percentile bootstrap interval over held-out rows; null without resamples.</param>
/// <param name="UpliftAtTarget">Treated minus control rate among the top k (sklift uplift_at_k, overall).</param>
/// <param name="QiniCurve">The Qini curve: customers targeted against incremental responders.</param>
public sealed record UpliftRanking(double Qini, Interval? QiniInterval, double Auuc, Interval? AuucInterval, double UpliftAtTarget, GainCurve QiniCurve);
