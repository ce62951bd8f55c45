using System.Data.Common;
using System.Globalization;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// The library entry point for A/B logs that live in a SQL engine: validates names and types against the schema,
/// runs <see cref="SufficientStatisticsSql"/> once on a read-only connection and returns the same
/// <see cref="UnitLogAggregate"/> the CSV reader builds, so <see cref="AbAnalysis"/> runs on it unchanged.
/// </summary>
/// <remarks>
/// Data rules are those of <see cref="UnitLogAggregator"/>, checked in SQL: a NULL metric value, a NULL or empty arm,
/// a proportion outcome other than 0/1 or a negative ratio denominator is an error naming the column and the number
/// of rows; nothing is dropped or imputed silently (filter or COALESCE in <c>--query</c> to choose a treatment).
/// An arm with no rows does not exist for SQL, as for the CSV reader; the caller's arm checks name it.
/// </remarks>
public static class SqlUnitLogAggregator
{
    public static async Task<SqlUnitLogAggregate> AggregateAsync(SqlUnitLogRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (UnitLogMetric m in request.Metrics)
            if (!names.Add(m.Name)) throw new ArgumentException($"Metric '{m.Name}' is defined twice.");
        SqlSource source = request.Source;
        SufficientStatisticsSql query = SufficientStatisticsSql.Build(source.Dialect, request.Relation, request.ArmColumn, request.Metrics, request.SegmentColumn, request.Caps, request.Rollup);

        DbConnection connection;
        try { connection = await source.OpenAsync(cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is DbException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new SqlSourceException($"{source.Describe()}: cannot connect: {SqlSchema.FirstLine(e.Message)}", e);
        }
        await using (connection.ConfigureAwait(false))
        {
            SqlSchema schema = await SqlSchema.LoadAsync(connection, source, request.Relation, cancellationToken).ConfigureAwait(false);
            schema.Require(request.ArmColumn, "the arm");
            if (request.Rollup is { } rollup)
            {
                schema.Require(rollup.UnitColumn, "the unit id");
                if (rollup.WindowColumn is { } window) schema.RequireNumeric(window, "the metric window");
            }
            if (request.SegmentColumn is { } segment) schema.Require(segment, "the segment");
            foreach (UnitLogMetric metric in request.Metrics)
                foreach (string column in metric.Columns)
                    schema.RequireNumeric(column, $"metric '{metric.Name}'");

            var rows = await RunAsync(connection, query, schema.Where, cancellationToken).ConfigureAwait(false);
            Check(rows, query, request.Metrics, schema.Where);
            return Assemble(rows, query, request, source);
        }
    }

    private sealed record Row(string? Arm, string Segment, long Count, double[] Sums, double[] Products, long[] Nulls, long[] Bad, long[] Negative, long Multi);

    private static async Task<List<Row>> RunAsync(DbConnection connection, SufficientStatisticsSql query, string where, CancellationToken cancellationToken)
    {
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = query.Sql;
        var rows = new List<Row>();
        try
        {
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                int k = 0;
                string? arm = reader.IsDBNull(k) ? null : reader.GetString(k);
                k++;
                string segment = "";
                if (query.Segmented) { segment = reader.IsDBNull(k) ? "NULL" : reader.GetString(k); k++; }
                long count = Long(reader.GetValue(k++));
                var sums = new double[query.Columns.Count];
                for (int c = 0; c < sums.Length; c++) sums[c] = Double(reader.GetValue(k++));
                var products = new double[query.Pairs.Count];
                for (int p = 0; p < products.Length; p++) products[p] = Double(reader.GetValue(k++));
                var nulls = new long[query.Columns.Count];
                for (int c = 0; c < nulls.Length; c++) nulls[c] = Long(reader.GetValue(k++));
                long[] bad = query.BinaryColumns.Select(_ => Long(reader.GetValue(k++))).ToArray();
                long[] negative = query.NonNegativeColumns.Select(_ => Long(reader.GetValue(k++))).ToArray();
                long multi = query.RolledUp ? Long(reader.GetValue(k++)) : 0;
                rows.Add(new Row(arm, segment, count, sums, products, nulls, bad, negative, multi));
            }
        }
        catch (DbException e)
        {
            throw new SqlSourceException($"{where}: the statistics query failed: {SqlSchema.FirstLine(e.Message)}", e);
        }
        return rows;
    }

    private static void Check(List<Row> rows, SufficientStatisticsSql query, IReadOnlyList<UnitLogMetric> metrics, string where)
    {
        long total = rows.Sum(r => r.Count);
        if (total == 0) throw new SqlSourceException($"{where}: no rows; an A/B analysis needs units in at least 2 arms");
        long badArms = rows.Where(r => string.IsNullOrEmpty(r.Arm)).Sum(r => r.Count);
        if (badArms > 0) throw new SqlSourceException($"{where}: the arm is NULL or empty in {N(badArms)} of {N(total)} rows; filter them in --query");
        long multi = rows.Sum(r => r.Multi);
        if (multi > 0) throw new SqlSourceException($"{where}: {N(multi)} units have events in more than one arm; an event table must assign each unit to one arm");
        for (int c = 0; c < query.Columns.Count; c++)
        {
            long nulls = rows.Sum(r => r.Nulls[c]);
            if (nulls > 0)
                throw new SqlSourceException($"{where}: column '{query.Columns[c]}' ({Owner(query, metrics, c)}) is NULL in {N(nulls)} of {N(total)} rows; "
                    + "MarketLab neither drops nor imputes units: filter the rows or COALESCE the column in --query");
        }
        for (int i = 0; i < query.BinaryColumns.Count; i++)
        {
            long bad = rows.Sum(r => r.Bad[i]);
            int c = query.BinaryColumns[i];
            if (bad > 0) throw new SqlSourceException($"{where}: column '{query.Columns[c]}' ({Owner(query, metrics, c)}) is not 0 or 1 in {N(bad)} rows, as a proportion metric needs");
        }
        for (int i = 0; i < query.NonNegativeColumns.Count; i++)
        {
            long negative = rows.Sum(r => r.Negative[i]);
            int c = query.NonNegativeColumns[i];
            if (negative > 0) throw new SqlSourceException($"{where}: column '{query.Columns[c]}' ({Owner(query, metrics, c)}) is negative in {N(negative)} rows; a ratio denominator is a count and must be >= 0");
        }
    }

    private static SqlUnitLogAggregate Assemble(List<Row> rows, SufficientStatisticsSql query, SqlUnitLogRequest request, SqlSource source)
    {
        IReadOnlyList<UnitLogMetric> metrics = request.Metrics;
        string where = $"{request.Relation.Describe()} of {source.Describe()}";
        UnitLogAggregate Build(IEnumerable<Row> group)
        {
            var byArm = group.GroupBy(r => r.Arm!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            var arms = byArm.Select(g => g.Key).ToList();
            var units = byArm.Select(g => g.Sum(r => r.Count)).ToList();
            var stats = byArm.Select(g => (IReadOnlyList<SufficientStatistics>)metrics
                .Select((m, i) => g.Select(r => Statistics(r, query, i, m, where)).Aggregate((x, y) => x + y)).ToList()).ToList();
            return UnitLogAggregate.FromStatistics(arms, units, metrics, stats);
        }

        var segments = query.Segmented
            ? rows.GroupBy(r => r.Segment, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new SegmentAggregate(g.Key, Build(g))).ToList()
            : [];
        return new SqlUnitLogAggregate(Build(rows), segments, query.Sql, source.Describe());
    }

    private static SufficientStatistics Statistics(Row row, SufficientStatisticsSql query, int metric, UnitLogMetric definition, string where)
    {
        int[] slots = query.Slots[metric];
        int d = slots.Length;
        var sums = new double[d];
        var products = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            sums[i] = row.Sums[slots[i]];
            for (int j = 0; j < d; j++) products[i, j] = row.Products[query.PairIndex(slots[i], slots[j])];
        }
        try { return SufficientStatistics.FromSums(row.Count, sums, products); }
        catch (ArgumentException e)
        {
            throw new SqlSourceException($"{where}: metric '{definition.Name}' in arm '{row.Arm}' has a non-finite sum ({e.Message}); its columns hold NaN or infinity", e);
        }
    }

    private static string Owner(SufficientStatisticsSql query, IReadOnlyList<UnitLogMetric> metrics, int column) =>
        "metric " + string.Join(", ", metrics.Where((m, i) => query.Slots[i].Contains(column)).Select(m => $"'{m.Name}'"));

    private static long Long(object value) => value is DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    // SUM over zero rows is NULL; a group always has rows, but a NULL here must not become a silent number.
    private static double Double(object value) => value is DBNull ? double.NaN : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
