using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// A unit log in a SQL source: the relation, the arm column, the metrics, an optional segment column to break down by,
/// optional caps (metric name → percentile) winsorising mean metrics at a percentile the engine computes, and an optional
/// roll-up when the relation is an event table (several rows per unit).
/// </summary>
public sealed record SqlUnitLogRequest(
    SqlSource Source,
    SqlRelation Relation,
    string ArmColumn,
    IReadOnlyList<UnitLogMetric> Metrics,
    string? SegmentColumn = null,
    IReadOnlyDictionary<string, double>? Caps = null,
    EventRollup? Rollup = null);
