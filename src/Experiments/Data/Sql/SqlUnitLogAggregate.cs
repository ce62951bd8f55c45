using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// What a SQL source returned: the whole log's statistics, per segment when a breakdown was asked, and the SQL
/// that ran (reports state it). Arms and segments are in ordinal name order: a table has no row order.
/// </summary>
public sealed record SqlUnitLogAggregate(
    UnitLogAggregate Overall,
    IReadOnlyList<SegmentAggregate> Segments,
    string Sql,
    string Source);

/// <summary>One value of the segment column and the statistics of its rows.</summary>
public sealed record SegmentAggregate(string Segment, UnitLogAggregate Aggregate);
