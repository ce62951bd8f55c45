namespace MarketLab.Evaluation.Economics;

/// <summary>The randomised holdout inside a targeted segment.</summary>
/// <param name="TreatedCount">Treated units in the segment.</param>
/// <param name="ControlCount">Control units in the segment.</param>
/// <param name="TreatedRate">Mean outcome of the treated units (conversion rate for 0/1 outcomes).</param>
/// <param name="ControlRate">Mean outcome of the control units.</param>
public sealed record SegmentArms(long TreatedCount, long ControlCount, double TreatedRate, double ControlRate);
