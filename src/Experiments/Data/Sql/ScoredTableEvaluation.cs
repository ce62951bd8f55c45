using MarketLab.Evaluation.Uplift;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// Ranking metrics of a scored table computed from the counts a SQL engine returned: ROC AUC of the outcome, and with
/// a treatment column the Qini coefficient, the uplift AUC (scikit-uplift normalisation), the Qini curve and uplift
/// by bin. <see cref="Sql"/> holds the statements that ran.
/// </summary>
public sealed record ScoredTableEvaluation(
    long Rows,
    int DistinctScores,
    double RocAuc,
    CumulativeUpliftCounts? Counts,
    double? QiniCoefficient,
    double? UpliftAuc,
    GainCurve? QiniCurve,
    IReadOnlyList<UpliftBin>? Bins,
    IReadOnlyList<string> Sql);
