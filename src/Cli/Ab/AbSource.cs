using MarketLab.Evaluation.Data;
using MarketLab.Experiments.Data.Sql;

namespace MarketLab.Cli.Ab;

/// <summary>
/// Where <c>marketlab ab</c> reads its log: a CSV through the in-memory reader, or a SQL source (<c>--source</c>, or a
/// .parquet <c>--input</c>, which DuckDB reads) through <see cref="SqlUnitLogAggregator"/>. Adapter only.
/// </summary>
internal sealed record AbSource(string Input, SqlSource? Sql, SqlRelation? Relation, string? Segment,
    IReadOnlyDictionary<string, double>? Caps = null, EventRollup? Rollup = null, (SegmentAssignments Segments, string JoinColumn)? SegmentFile = null)
{
    /// <summary>Checks the source options together; the error names the option.</summary>
    public static AbSource From(string? input, string? source, string? table, string? query, string? segment,
        IReadOnlyDictionary<string, double>? caps = null, EventRollup? rollup = null, (SegmentAssignments Segments, string JoinColumn)? segmentFile = null)
    {
        if (input is not null && source is not null)
            throw new CliInputException("--source", "give either --input (a CSV or Parquet file) or --source, not both");
        if (table is not null && query is not null)
            throw new CliInputException("--query", "give either --table or --query, not both");
        SqlSource? sql;
        try
        {
            sql = source is not null ? SqlSource.Parse(source)
                : input is not null && input.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? SqlSource.DuckDbFile(input)
                : null;
        }
        catch (ArgumentException e) { throw new CliInputException("--source", e.Message); }

        if (sql is null)
        {
            if (input is null) throw new CliInputException("--input", "is required (the per-unit CSV file), or give --source duckdb:PATH|postgres:CONNSTRING; or use --example FILE.csv to write a sample log");
            foreach (var (name, value) in new[] { ("--table", table), ("--query", query), ("--segment", segment), ("--cap", caps is { Count: > 0 } ? "x" : null), ("--unit", rollup?.UnitColumn) })
                if (value is not null) throw new CliInputException(name, $"needs a SQL source (--source duckdb:PATH|postgres:CONNSTRING, or a .parquet --input); {input} is read as CSV");
            return new AbSource(input, null, null, null, SegmentFile: segmentFile);
        }
        if (segmentFile is not null)
            throw new CliInputException("--segment-file", $"joins with a CSV --input; for {sql.Describe()} give the segment column itself with --segment");

        SqlRelation relation = table is not null ? SqlRelation.ForTable(table)
            : query is not null ? SqlRelation.FromQueryFile(query)
            : sql.IsFile ? SqlRelation.ForTable(SqlSource.FileView)
            : throw new CliInputException("--table", $"{sql.Describe()} is a database: name the unit table with --table or give --query FILE.sql");
        string described = relation.Table == SqlSource.FileView && sql.IsFile ? sql.Describe() : $"{sql.Describe()} ({relation.Describe()})";
        return new AbSource(described, sql, relation, segment, caps, rollup);
    }

    /// <summary>Aggregates the log; for a SQL source also returns what ran there.</summary>
    public async Task<(UnitLogAggregate Aggregate, SqlUnitLogAggregate? Sql, SegmentedUnitLog? Segmented)> AggregateAsync(
        string armColumn, IReadOnlyList<UnitLogMetric> metrics, CancellationToken cancellationToken)
    {
        if (Sql is null && SegmentFile is { } file)
        {
            var segmented = UnitLogAggregator.AggregateBySegment(Input, armColumn, metrics, file.JoinColumn, file.Segments);
            return (segmented.Overall, null, segmented);
        }
        if (Sql is null) return (UnitLogAggregator.Aggregate(Input, armColumn, metrics), null, null);
        SqlUnitLogAggregate result = await SqlUnitLogAggregator.AggregateAsync(
            new SqlUnitLogRequest(Sql, Relation!, armColumn, metrics, Segment, Caps, Rollup), cancellationToken).ConfigureAwait(false);
        return (result.Overall, result, null);
    }
}
