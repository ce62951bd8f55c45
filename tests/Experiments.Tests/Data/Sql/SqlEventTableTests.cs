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

    private static (CliRunner Cli, string Db) EventLog()
    {
        var cli = new CliRunner();
        string db = cli.PathOf("log.duckdb");
        // Every user has an exposure event on day 0 (amount 0), then 0-4 purchases over days 0-19; revenue_pre is a
        // unit attribute repeated on each event row.
        SqlTestFiles.Execute(db,
            "CREATE TABLE users AS SELECT i AS user_id, CASE i % 2 WHEN 0 THEN 'control' ELSE 'b' END AS arm, (hash(i, 9) % 3000) / 100.0 AS revenue_pre FROM range(3000) r(i)",
            "CREATE TABLE events AS SELECT user_id, arm, 0 AS day, 0.0 AS amount, 0 AS purchased, revenue_pre FROM users "
            + "UNION ALL SELECT u.user_id, u.arm, (hash(u.user_id, k) % 20) AS day, ((hash(u.user_id, k, 1) % 5000) / 100.0) AS amount, 1 AS purchased, u.revenue_pre "
            + "FROM users u, range(4) r(k) WHERE hash(u.user_id, k, 2) % 3 = 0");
        return (cli, db);
    }

    private static readonly string[] RolledOptions =
        ["--arm", "arm", "--control", "control", "--metric", "revenue:mean:amount", "conversion:proportion:purchased", "--covariate", "revenue=revenue_pre"];

    [Fact]
    public void UnitAndWindowRollEventsUpInTheEngine()
    {
        var (cli, db) = EventLog();
        using (cli)
        {
            string units = cli.PathOf("units.csv");
            SqlTestFiles.Execute(db, "COPY (SELECT u.user_id, u.arm, u.revenue_pre, COALESCE(SUM(e.amount), 0) AS amount, CAST(COUNT(e.user_id) > 0 AS INTEGER) AS purchased "
                + "FROM users u LEFT JOIN events e ON e.user_id = u.user_id AND e.day < 14 AND e.purchased = 1 GROUP BY u.user_id, u.arm, u.revenue_pre ORDER BY u.user_id) "
                + $"TO '{units.Replace("'", "''")}' (FORMAT csv, HEADER true)");
            SqlAbEquivalenceTests.AssertSame(units, $"duckdb:{db}", null, RolledOptions, ["--table", "events", "--unit", "user_id", "--window", "day<14"]);
        }
    }

    [PostgresFact]
    public void PostgresRollsEventsUpTheSameWay()
    {
        var (cli, db) = EventLog();
        using (cli)
        {
            string events = cli.PathOf("events.csv"), units = cli.PathOf("units.csv");
            SqlTestFiles.Execute(db, $"COPY events TO '{events.Replace("'", "''")}' (FORMAT csv, HEADER true)",
                "COPY (SELECT u.user_id, u.arm, u.revenue_pre, COALESCE(SUM(e.amount), 0) AS amount, CAST(COUNT(e.user_id) > 0 AS INTEGER) AS purchased "
                + "FROM users u LEFT JOIN events e ON e.user_id = u.user_id AND e.day < 14 AND e.purchased = 1 GROUP BY u.user_id, u.arm, u.revenue_pre ORDER BY u.user_id) "
                + $"TO '{units.Replace("'", "''")}' (FORMAT csv, HEADER true)");
            using var pg = new PostgresScratch();
            string table = pg.LoadCsv("events", events);
            SqlAbEquivalenceTests.AssertSame(units, pg.Source, null, RolledOptions, ["--table", table, "--unit", "user_id", "--window", "day<14"]);
        }
    }

    [Fact]
    public void AUnitInTwoArmsIsAnError()
    {
        var (cli, db) = EventLog();
        using (cli)
        {
            SqlTestFiles.Execute(db, "INSERT INTO events VALUES (7, 'control', 3, 1.0, 1, 0.0), (8, 'b', 3, 1.0, 1, 0.0)");
            var run = cli.Run(["ab", "--source", $"duckdb:{db}", "--table", "events", "--unit", "user_id", .. RolledOptions]);
            Assert.Equal(2, run.Exit);
            Assert.Contains("2 units have events in more than one arm", run.Error);
            Assert.Contains("--window: 'day' is not COLUMN<END", cli.Run(["ab", "--source", $"duckdb:{db}", "--table", "events", "--unit", "user_id", "--window", "day", .. RolledOptions]).Error);
        }
    }
}
