#:package DuckDB.NET.Data.Full
// Writes a seeded per-unit A/B log of N rows with DuckDB's own SQL (no .NET loop), as Parquet or CSV, shaped like
// datasets/examples/ab_units.csv: three arms, a conversion, revenue, clicks/impressions and their pre-period values.
// Deterministic: every random draw is hash(row, k) scaled to [0, 1), so the same N gives the same file.
// Usage: dotnet run scripts/sql-scale/generate.cs -- ROWS OUT.parquet|OUT.csv (the version comes from Directory.Packages.props)
using DuckDB.NET.Data;

long rows = long.Parse(args[0]);
string output = Path.GetFullPath(args[1]);
string format = output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "FORMAT csv, HEADER true" : "FORMAT parquet, COMPRESSION zstd";
string U(int k) => $"(hash(i, {k}) / 18446744073709551616.0)";
string sql = $"""
    COPY (
      SELECT i AS user_id, arm,
        CAST({U(3)} < 0.05 + CASE arm WHEN 'b' THEN 0.004 ELSE 0 END + 0.02 * converted_pre AS INTEGER) AS converted,
        ROUND(CAST({U(3)} < 0.05 + CASE arm WHEN 'b' THEN 0.004 ELSE 0 END + 0.02 * converted_pre AS INTEGER) * (20 + 30 * {U(4)} + 0.3 * revenue_pre), 2) AS revenue,
        CAST(FLOOR(impressions * {U(5)} * (0.2 + CASE arm WHEN 'b' THEN 0.01 ELSE 0 END) + 0.5 * clicks_pre / impressions_pre) AS INTEGER) AS clicks,
        impressions, converted_pre, revenue_pre, clicks_pre, impressions_pre
      FROM (
        SELECT i, CASE i % 3 WHEN 0 THEN 'control' WHEN 1 THEN 'b' ELSE 'c' END AS arm,
          CAST(1 + FLOOR(20 * {U(1)}) AS INTEGER) AS impressions,
          CAST({U(6)} < 0.05 AS INTEGER) AS converted_pre,
          ROUND(CAST({U(6)} < 0.05 AS INTEGER) * (20 + 30 * {U(7)}), 2) AS revenue_pre,
          CAST(FLOOR((1 + FLOOR(20 * {U(8)})) * 0.2 * {U(9)}) AS INTEGER) AS clicks_pre,
          CAST(1 + FLOOR(20 * {U(8)}) AS INTEGER) AS impressions_pre
        FROM range({rows}) AS t(i)
      ) AS base
    ) TO '{output.Replace("'", "''")}' ({format})
    """;
var clock = System.Diagnostics.Stopwatch.StartNew();
using var connection = new DuckDBConnection("Data Source=:memory:");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = sql;
command.ExecuteNonQuery();
Console.WriteLine($"generate: {rows:N0} rows -> {output} ({new FileInfo(output).Length / 1e6:N0} MB) in {clock.Elapsed.TotalSeconds:N1} s");
