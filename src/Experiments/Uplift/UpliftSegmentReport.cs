using MarketLab.Evaluation;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// One segment of the held-out rows (<see cref="UpliftHoldout.TestSegments"/>): its average treatment effect and each
/// learner's Qini / AUUC / uplift@k computed on the segment's rows alone.
/// </summary>
/// <param name="Segment">The segment's name (<see cref="MarketLab.Evaluation.Data.SegmentAssignments.Unassigned"/> for rows without one).</param>
/// <param name="Rows">Held-out rows in the segment.</param>
/// <param name="Treated">Of which treated.</param>
/// <param name="AverageUplift">Treated minus control outcome rate in the segment (null when an arm is empty).</param>
/// <param name="AverageUpliftInterval">Its Wald interval, as the overall one.</param>
/// <param name="Error">Why the average uplift is missing.</param>
/// <param name="Learners">Each learner's ranking on the segment.</param>
public sealed record UpliftSegmentReport(string Segment, int Rows, int Treated, double? AverageUplift, Interval? AverageUpliftInterval, string? Error,
    IReadOnlyList<SegmentLearnerRanking> Learners);

/// <summary>A learner's Qini, AUUC and uplift@k on one segment's rows, or why they are not available there.</summary>
public sealed record SegmentLearnerRanking(string Learner, UpliftRanking? Ranking, string? RankingError);
