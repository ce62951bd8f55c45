using MarketLab.Evaluation.Economics;

namespace MarketLab.Experiments.Uplift;

/// <summary>One ranking's held-out results.</summary>
/// <param name="Learner">Meta-learner and base learner, or the contender's name.</param>
/// <param name="TrainSeconds">Wall time of fitting (0 for scores made elsewhere).</param>
/// <param name="Ranking">Qini, AUUC, uplift@k and the Qini curve; null when the holdout cannot give them (<paramref name="RankingError"/>).</param>
/// <param name="RankingError">Why the ranking metrics are missing (no treated or no control row, no gain to normalise by).</param>
/// <param name="Targeted">Targeting the top k by predicted uplift: uplift and incremental outcomes with their intervals.</param>
/// <param name="GainOverRandom">Incremental outcomes of the top k minus those of k chosen at random.</param>
/// <param name="HoldoutProfit">The campaign profit curve on the randomised holdout.</param>
/// <param name="Truth">Against the simulator's effects; null on observed data.</param>
public sealed record LearnerUpliftReport(
    string Learner,
    double TrainSeconds,
    UpliftRanking? Ranking,
    string? RankingError,
    TargetingPoint Targeted,
    double GainOverRandom,
    ProfitCurve HoldoutProfit,
    UpliftTruth? Truth);
