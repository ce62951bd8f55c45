namespace MarketLab.Evaluation.Data;

/// <summary>One segment's aggregate.</summary>
public sealed record UnitLogSegment(string Segment, UnitLogAggregate Aggregate);
