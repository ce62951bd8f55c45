using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Economics;
using MarketLab.Evaluation;

namespace MarketLab.Experiments.Uplift;

/// <summary>One learner's held-out results.</summary>
/// <param name="Learner">Meta-learner and base learner.</param>
/// <param name="TrainSeconds">Wall time of fitting.</param>
/// <param name="Qini">Qini coefficient, scikit-uplift normalisation (1 perfect, 0 random).</param>
/// <param name="QiniInterval">Percentile bootstrap interval over held-out rows.</param>
/// <param name="Auuc">Area under the uplift curve, scikit-uplift normalisation.</param>
/// <param name="AuucInterval">Percentile bootstrap interval over held-out rows.</param>
/// <param name="UpliftAtTarget">Treated minus control rate among the top k (sklift uplift_at_k, overall).</param>
/// <param name="Targeted">Targeting the top k by predicted uplift: incremental outcomes with their interval.</param>
/// <param name="GainOverRandom">Incremental outcomes of the top k minus those of k chosen at random.</param>
public sealed record LearnerUpliftReport(
    string Learner,
    double TrainSeconds,
    double Qini,
    Interval QiniInterval,
    double Auuc,
    Interval AuucInterval,
    double UpliftAtTarget,
    TargetingPoint Targeted,
    double GainOverRandom);
