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

    /// <summary>Whether an event table was rolled up to units (the query then returns <c>multi</c>, units in several arms).</summary>
    public bool RolledUp { get; private init; }

    /// <summary>Columns that are a proportion's 0/1 outcome (checked by <c>bad{i}</c>).</summary>
    public IReadOnlyList<int> BinaryColumns { get; }

    /// <summary>Columns that are ratio denominators, counts that must be ≥ 0 (checked by <c>neg{i}</c>).</summary>
    public IReadOnlyList<int> NonNegativeColumns { get; }

    /// <param name="dialect">Quoting and type names of the engine.</param>
    /// <param name="relation">The table or query holding one row per unit.</param>
    /// <param name="armColumn">The column holding the arm.</param>
    /// <param name="metrics">The metric definitions, as the CSV reader takes them.</param>
    /// <param name="segmentColumn">Optional column to GROUP BY besides the arm.</param>
    /// <param name="caps">Optional winsorising: metric name → percentile p in (0, 1); each column of that (mean) metric,
    /// covariate included, is capped at its own p-th percentile over all units (<c>percentile_cont</c>, linear
    /// interpolation as numpy's default), computed by the engine in the same statement.</param>
    /// <param name="rollup">Optional: the relation is an event table, rolled up to units first (<see cref="EventRollup"/>).</param>
    public static SufficientStatisticsSql Build(SqlDialect dialect, SqlRelation relation, string armColumn,
        IReadOnlyList<UnitLogMetric> metrics, string? segmentColumn = null, IReadOnlyDictionary<string, double>? caps = null,
        EventRollup? rollup = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(relation);
        ArgumentNullException.ThrowIfNull(armColumn);
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0) throw new ArgumentException("At least one metric is needed.", nameof(metrics));

        caps ??= new Dictionary<string, double>();
        foreach (var (name, p) in caps)
        {
            UnitLogMetric? cappedMetric = metrics.FirstOrDefault(m => m.Name == name)
                ?? throw new ArgumentException($"--cap: metric '{name}' is not defined; metrics: {string.Join(", ", metrics.Select(m => m.Name))}");
            if (cappedMetric.Kind != Evaluation.AbTesting.MetricKind.Mean) throw new ArgumentException($"--cap: metric '{name}' is a {cappedMetric.Kind.ToString().ToLowerInvariant()}; only mean metrics are capped");
            if (!(p > 0 && p < 1)) throw new ArgumentException($"--cap: {p.ToString(CultureInfo.InvariantCulture)} for metric '{name}' is not a percentile in (0, 1), e.g. 0.99");
        }
        var columns = new List<string>();
        var capOf = new List<double?>();
        var slots = new List<int[]>();
        var pairs = new SortedSet<(int, int)>();
        var binary = new SortedSet<int>();
        var nonNegative = new SortedSet<int>();
        foreach (UnitLogMetric metric in metrics)
        {
            var slot = new int[metric.Dimension];
            for (int i = 0; i < slot.Length; i++)
            {
                double? cap = caps.TryGetValue(metric.Name, out double p) ? p : null;
                int index = Enumerable.Range(0, columns.Count).FirstOrDefault(k => columns[k] == metric.Columns[i] && capOf[k] == cap, -1);
                if (index < 0) { index = columns.Count; columns.Add(metric.Columns[i]); capOf.Add(cap); }
                slot[i] = index;
                if (metric.IsBinaryOutcome(i)) binary.Add(index);
                if (metric.IsDenominator(i)) nonNegative.Add(index);
            }
            for (int i = 0; i < slot.Length; i++)
                for (int j = i; j < slot.Length; j++)
                    pairs.Add((Math.Min(slot[i], slot[j]), Math.Max(slot[i], slot[j])));
            slots.Add(slot);
        }

        string from = rollup is null ? relation.FromItem(dialect) : rollup.FromItem(dialect, relation, armColumn, segmentColumn, metrics);
        var sql = new StringBuilder();
        string group = segmentColumn is null ? ArmAlias : $"{ArmAlias}, {SegmentAlias}";
        sql.Append("SELECT ").Append(group).Append(",\n  COUNT(*) AS ").Append(CountAlias);
        for (int c = 0; c < columns.Count; c++) sql.Append(",\n  SUM(v").Append(I(c)).Append(") AS s").Append(I(c));
        foreach (var (a, b) in pairs) sql.Append(",\n  SUM(v").Append(I(a)).Append(" * v").Append(I(b)).Append($") AS p{I(a)}_{I(b)}");
        for (int c = 0; c < columns.Count; c++) sql.Append(",\n  COUNT(*) - COUNT(v").Append(I(c)).Append(") AS null").Append(I(c));
        foreach (int c in binary) sql.Append($",\n  COUNT(CASE WHEN v{I(c)} <> 0 AND v{I(c)} <> 1 THEN 1 END) AS bad{I(c)}");
        foreach (int c in nonNegative) sql.Append($",\n  COUNT(CASE WHEN v{I(c)} < 0 THEN 1 END) AS neg{I(c)}");
        if (rollup is not null) sql.Append($",\n  COUNT(CASE WHEN {EventRollup.ArmCountAlias} > 1 THEN 1 END) AS multi");
        sql.Append("\nFROM (\n  SELECT TRIM(").Append(dialect.AsText(dialect.Quote(armColumn))).Append(") AS ").Append(ArmAlias);
        if (segmentColumn is not null) sql.Append(", ").Append(dialect.AsText(dialect.Quote(segmentColumn))).Append(" AS ").Append(SegmentAlias);
        if (rollup is not null) sql.Append(", ").Append(EventRollup.ArmCountAlias);
        for (int c = 0; c < columns.Count; c++)
        {
            string value = dialect.AsDouble(dialect.Quote(columns[c]));
            // CASE, not LEAST: PostgreSQL's LEAST skips NULLs, which would hide them from the NULL check.
            sql.Append(",\n    ").Append(capOf[c] is null ? value : $"CASE WHEN {value} > caps.cap{I(c)} THEN caps.cap{I(c)} ELSE {value} END").Append(" AS v").Append(I(c));
        }
        sql.Append("\n  FROM ").Append(from.Replace("\n", "\n  "));
        var capped = Enumerable.Range(0, columns.Count).Where(c => capOf[c] is not null).ToList();
        if (capped.Count > 0)
        {
            // The percentile is a validated number in (0, 1), written with round-trip precision: the only number in the SQL.
            sql.Append("\n  CROSS JOIN (SELECT ").Append(string.Join(", ", capped.Select(c =>
                $"percentile_cont({capOf[c]!.Value.ToString("R", CultureInfo.InvariantCulture)}) WITHIN GROUP (ORDER BY {dialect.AsDouble(dialect.Quote(columns[c]))}) AS cap{I(c)}")))
                .Append("\n    FROM ").Append(from.Replace("\n", "\n    ")).Append(") AS caps");
        }
        sql.Append("\n) AS u\nGROUP BY ").Append(group);
        return new SufficientStatisticsSql(sql.ToString(), columns, pairs.ToList(), slots, segmentColumn is not null, binary.ToList(), nonNegative.ToList())
        {
            RolledUp = rollup is not null,
        };
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
