using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>A unit log in a SQL source: the relation, the arm column, the metrics and an optional segment column to break down by.</summary>
public sealed record SqlUnitLogRequest(
    SqlSource Source,
    SqlRelation Relation,
    string ArmColumn,
    IReadOnlyList<UnitLogMetric> Metrics,
    string? SegmentColumn = null);
