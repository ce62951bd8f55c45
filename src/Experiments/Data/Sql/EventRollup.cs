using System.Globalization;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// The unit-level pre-aggregation of an event table (several rows per unit): GROUP BY the unit id, with each metric's
/// outcome columns summed over the events inside the metric window (a proportion's outcome: whether any event has it,
/// MAX) and pre-period covariate columns taken as unit attributes (MAX). Units are those with at least one event
/// (e.g. an exposure event); a unit logged in two arms is an error. The result is a relation like any unit table.
/// </summary>
/// <param name="UnitColumn">The unit id column.</param>
/// <param name="WindowColumn">Optional event-time column (e.g. days since assignment); events count while it is below <paramref name="WindowEnd"/>.</param>
/// <param name="WindowEnd">The window's exclusive end, a finite number.</param>
public sealed record EventRollup(string UnitColumn, string? WindowColumn = null, double WindowEnd = double.PositiveInfinity)
{
    internal const string ArmCountAlias = "ml_arm_count";

    /// <summary>The roll-up as a FROM item aliased <c>src</c>, exposing the arm, segment and metric columns under their own names.</summary>
    internal string FromItem(SqlDialect d, SqlRelation relation, string armColumn, string? segmentColumn, IReadOnlyList<UnitLogMetric> metrics)
    {
        if (WindowColumn is not null && !double.IsFinite(WindowEnd))
            throw new ArgumentException($"The metric window on '{WindowColumn}' needs a finite end; got {WindowEnd}.");
        var aggregate = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (UnitLogMetric m in metrics)
        {
            for (int i = 0; i < m.Dimension; i++)
            {
                bool covariate = m.HasCovariate && i >= m.Dimension / 2;
                string value = d.AsDouble(d.Quote(m.Columns[i]));
                string windowed = WindowColumn is null ? value
                    : $"CASE WHEN {d.Quote(WindowColumn)} < {WindowEnd.ToString("R", CultureInfo.InvariantCulture)} THEN {value} ELSE 0 END";
                string how = covariate ? $"MAX({value})" : m.IsBinaryOutcome(i) ? $"MAX({windowed})" : $"SUM({windowed})";
                if (aggregate.TryGetValue(m.Columns[i], out string? other) && other != how)
                    throw new ArgumentException($"Column '{m.Columns[i]}' is rolled up two ways by different metrics ({other} and {how}); give each metric its own column.");
                aggregate[m.Columns[i]] = how;
            }
        }
        string columns = string.Join(",\n    ", aggregate.Select(a => $"{a.Value} AS {d.Quote(a.Key)}"));
        string segment = segmentColumn is null ? "" : $", MIN({d.AsText(d.Quote(segmentColumn))}) AS {d.Quote(segmentColumn)}";
        return $"(\nSELECT {d.Quote(UnitColumn)}, MIN(TRIM({d.AsText(d.Quote(armColumn))})) AS {d.Quote(armColumn)}, "
            + $"COUNT(DISTINCT TRIM({d.AsText(d.Quote(armColumn))})) AS {ArmCountAlias}{segment},\n    {columns}\n"
            + $"FROM {relation.FromItem(d)}\nGROUP BY {d.Quote(UnitColumn)}\n) AS src";
    }
}
