using System.Globalization;
using System.Text;
using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// The one query that reduces a unit log to per-arm sufficient statistics inside the engine, from the same
/// <see cref="UnitLogMetric"/> definitions <c>marketlab ab</c> and the specs use: per arm (and segment) the unit
/// count, Σx of every metric column and Σxᵢxⱼ of every pair a metric needs (GrowthBook's <c>main_sum</c>,
/// <c>main_sum_squares</c>, <c>main_denominator_sum_product</c>, <c>main_covariate_sum_product</c>, … generalised
/// to <see cref="Evaluation.AbTesting.SufficientStatistics"/>), plus the counts the in-memory reader checks row by
/// row: NULLs, proportion outcomes other than 0/1, negative ratio denominators.
/// </summary>
/// <remarks>
/// Identifiers are quoted by the dialect; the query holds no user value (names are checked against the schema
/// first). Each column is read once even when several metrics share it, and each product once.
/// </remarks>
public sealed class SufficientStatisticsSql
{
    internal const string ArmAlias = "ml_arm", SegmentAlias = "ml_segment", CountAlias = "ml_n";

    private SufficientStatisticsSql(string sql, IReadOnlyList<string> columns, IReadOnlyList<(int A, int B)> pairs,
        IReadOnlyList<int[]> slots, bool segmented, IReadOnlyList<int> binary, IReadOnlyList<int> nonNegative)
    {
        Sql = sql;
        Columns = columns;
        Pairs = pairs;
        Slots = slots;
        Segmented = segmented;
        BinaryColumns = binary;
        NonNegativeColumns = nonNegative;
    }

    /// <summary>The SELECT statement.</summary>
    public string Sql { get; }

    /// <summary>The distinct metric columns, read as <c>v0, v1, …</c>.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Column-index pairs (a ≤ b) whose Σ vₐv_b the query returns as <c>p{a}_{b}</c>.</summary>
    public IReadOnlyList<(int A, int B)> Pairs { get; }

    /// <summary>Per metric, the column index of each of its variables.</summary>
    public IReadOnlyList<int[]> Slots { get; }

    public bool Segmented { get; }

    /// <summary>Columns that are a proportion's 0/1 outcome (checked by <c>bad{i}</c>).</summary>
    public IReadOnlyList<int> BinaryColumns { get; }

    /// <summary>Columns that are ratio denominators, counts that must be ≥ 0 (checked by <c>neg{i}</c>).</summary>
    public IReadOnlyList<int> NonNegativeColumns { get; }

    public static SufficientStatisticsSql Build(SqlDialect dialect, SqlRelation relation, string armColumn,
        IReadOnlyList<UnitLogMetric> metrics, string? segmentColumn = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(relation);
        ArgumentNullException.ThrowIfNull(armColumn);
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0) throw new ArgumentException("At least one metric is needed.", nameof(metrics));

        var columns = new List<string>();
        var slots = new List<int[]>();
        var pairs = new SortedSet<(int, int)>();
        var binary = new SortedSet<int>();
        var nonNegative = new SortedSet<int>();
        foreach (UnitLogMetric metric in metrics)
        {
            var slot = new int[metric.Dimension];
            for (int i = 0; i < slot.Length; i++)
            {
                int index = columns.IndexOf(metric.Columns[i]);
                if (index < 0) { index = columns.Count; columns.Add(metric.Columns[i]); }
                slot[i] = index;
                if (metric.IsBinaryOutcome(i)) binary.Add(index);
                if (metric.IsDenominator(i)) nonNegative.Add(index);
            }
            for (int i = 0; i < slot.Length; i++)
                for (int j = i; j < slot.Length; j++)
                    pairs.Add((Math.Min(slot[i], slot[j]), Math.Max(slot[i], slot[j])));
            slots.Add(slot);
        }

        var sql = new StringBuilder();
        string group = segmentColumn is null ? ArmAlias : $"{ArmAlias}, {SegmentAlias}";
        sql.Append("SELECT ").Append(group).Append(",\n  COUNT(*) AS ").Append(CountAlias);
        for (int c = 0; c < columns.Count; c++) sql.Append(",\n  SUM(v").Append(I(c)).Append(") AS s").Append(I(c));
        foreach (var (a, b) in pairs) sql.Append(",\n  SUM(v").Append(I(a)).Append(" * v").Append(I(b)).Append($") AS p{I(a)}_{I(b)}");
        for (int c = 0; c < columns.Count; c++) sql.Append(",\n  COUNT(*) - COUNT(v").Append(I(c)).Append(") AS null").Append(I(c));
        foreach (int c in binary) sql.Append($",\n  COUNT(CASE WHEN v{I(c)} <> 0 AND v{I(c)} <> 1 THEN 1 END) AS bad{I(c)}");
        foreach (int c in nonNegative) sql.Append($",\n  COUNT(CASE WHEN v{I(c)} < 0 THEN 1 END) AS neg{I(c)}");
        sql.Append("\nFROM (\n  SELECT TRIM(").Append(dialect.AsText(dialect.Quote(armColumn))).Append(") AS ").Append(ArmAlias);
        if (segmentColumn is not null) sql.Append(", ").Append(dialect.AsText(dialect.Quote(segmentColumn))).Append(" AS ").Append(SegmentAlias);
        for (int c = 0; c < columns.Count; c++) sql.Append(",\n    ").Append(dialect.AsDouble(dialect.Quote(columns[c]))).Append(" AS v").Append(I(c));
        sql.Append("\n  FROM ").Append(relation.FromItem(dialect).Replace("\n", "\n  ")).Append("\n) AS u\nGROUP BY ").Append(group);
        return new SufficientStatisticsSql(sql.ToString(), columns, pairs.ToList(), slots, segmentColumn is not null, binary.ToList(), nonNegative.ToList());
    }

    internal int PairIndex(int a, int b)
    {
        if (a > b) (a, b) = (b, a);
        for (int k = 0; k < Pairs.Count; k++)
            if (Pairs[k] == (a, b)) return k;
        throw new InvalidOperationException($"The query has no product of v{a} and v{b}.");
    }

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
}
