using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>
/// An event table (several rows per user) analysed through a --query that first rolls events up to one row per unit
/// within a metric window (the documented path; docs/ab-cli.md): equal to the CSV of the same units.
/// </summary>
public class SqlEventTableTests
{
    [Fact]
    public void EventsRolledUpToUnitsInAQueryEqualTheUnitCsv()
    {
        using var cli = new CliRunner();
        string db = cli.PathOf("events.duckdb");
        // 3,000 users, each with 0-4 purchase events over 20 days; only days 0-13 are in the metric window.
        SqlTestFiles.Execute(db,
            "CREATE TABLE users AS SELECT i AS user_id, CASE i % 2 WHEN 0 THEN 'control' ELSE 'b' END AS arm FROM range(3000) r(i)",
            "CREATE TABLE events AS SELECT u.user_id, (hash(u.user_id, k) % 20) AS day, ((hash(u.user_id, k, 1) % 5000) / 100.0) AS amount "
            + "FROM users u, range(4) r(k) WHERE hash(u.user_id, k, 2) % 3 = 0");
        string units = cli.PathOf("units.csv");
        SqlTestFiles.Execute(db, "COPY (SELECT u.user_id, u.arm, COALESCE(SUM(e.amount), 0) AS revenue, CAST(COUNT(e.user_id) > 0 AS INTEGER) AS converted "
            + "FROM users u LEFT JOIN events e ON e.user_id = u.user_id AND e.day < 14 GROUP BY u.user_id, u.arm ORDER BY u.user_id) "
            + $"TO '{units.Replace("'", "''")}' (FORMAT csv, HEADER true)");
        string query = cli.WriteFile("units.sql", """
            -- events -> units: one row per randomised user (users without events count as 0), events of days 0-13 only
            SELECT u.user_id, u.arm, COALESCE(SUM(e.amount), 0) AS revenue, CAST(COUNT(e.user_id) > 0 AS INTEGER) AS converted
            FROM users AS u LEFT JOIN events AS e ON e.user_id = u.user_id AND e.day < 14
            GROUP BY u.user_id, u.arm
            """);

        SqlAbEquivalenceTests.AssertSame(units, $"duckdb:{db}", null,
            ["--arm", "arm", "--control", "control", "--metric", "revenue:mean", "conversion:proportion:converted"], ["--query", query]);
    }
}
