using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation;

namespace MarketLab.Experiments.Uplift;

/// <summary>Held-out comparison of uplift learners on one randomised campaign and outcome.</summary>
/// <param name="TrainRows">Rows the learners were fitted on.</param>
/// <param name="TestRows">Held-out rows.</param>
/// <param name="AverageUplift">Treated minus control rate on the held-out rows.</param>
/// <param name="AverageUpliftInterval">Its Wald interval.</param>
/// <param name="TargetFraction">The share k targeted.</param>
/// <param name="RandomTargetingIncremental">Incremental outcomes of targeting k of the held-out customers at random: k · n · average uplift.</param>
/// <param name="RandomTargetingInterval">Its interval.</param>
/// <param name="Learners">Each learner's results.</param>
public sealed record UpliftEvaluationReport(
    int TrainRows,
    int TestRows,
    double AverageUplift,
    Interval AverageUpliftInterval,
    double TargetFraction,
    double RandomTargetingIncremental,
    Interval RandomTargetingInterval,
    IReadOnlyList<LearnerUpliftReport> Learners)
{
    /// <summary>Per-segment average uplift and rankings when the holdout carries segments (<see cref="UpliftHoldout.TestSegments"/>); else empty.</summary>
    public IReadOnlyList<UpliftSegmentReport> Segments { get; init; } = [];
}
