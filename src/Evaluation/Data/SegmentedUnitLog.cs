namespace MarketLab.Evaluation.Data;

/// <summary>A unit log aggregated overall and per segment (<see cref="UnitLogAggregator.AggregateBySegment(string, string, IReadOnlyList{UnitLogMetric}, string, SegmentAssignments)"/>).</summary>
/// <param name="Overall">Every unit.</param>
/// <param name="Segments">Per segment in report order (<see cref="SegmentAssignments.Order"/>), <see cref="SegmentAssignments.Unassigned"/> last when any unit has no segment.</param>
/// <param name="UnassignedUnits">Units whose id the segment file does not list.</param>
/// <param name="JoinColumn">The log's column joined with the segment file's user ids.</param>
public sealed record SegmentedUnitLog(UnitLogAggregate Overall, IReadOnlyList<UnitLogSegment> Segments, long UnassignedUnits, string JoinColumn)
{
    /// <summary>The segments as <see cref="AbTesting.SegmentedAnalysis"/> takes them.</summary>
    public IReadOnlyList<(string Segment, IReadOnlyList<AbTesting.ArmData> Arms)> ToSegmentArms() =>
        Segments.Select(s => (s.Segment, s.Aggregate.ToArmData())).ToList();
}
