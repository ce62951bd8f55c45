using MarketLab.Cli.Ab;
using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>The injection and bad-input cases against a real PostgreSQL server, each leaving the table as it was.</summary>
public class PostgresBadInputTests
{
    private static (PostgresScratch Pg, string Table) Setup()
    {
        var pg = new PostgresScratch();
        pg.Execute($"CREATE TABLE {pg.Schema}.t (arm text, y double precision, label text, sparse double precision, \"{SqlBadInputTests.Evil.Replace("\"", "\"\"")}\" bigint)");
        pg.Execute($"INSERT INTO {pg.Schema}.t SELECT CASE WHEN i % 2 = 0 THEN 'control' ELSE 'b' END, (i % 7) * 1.5, 'v' || i, "
            + $"CASE WHEN i % 5 = 0 THEN i END, i % 3 FROM generate_series(0, 999) AS i");
        return (pg, $"{pg.Schema}.t");
    }

    private static (int Exit, string Output, string Error) Ab(CliRunner cli, PostgresScratch pg, params string[] extra) =>
        cli.Run(["ab", "--source", pg.Source, "--arm", "arm", "--control", "control", .. extra]);

    [PostgresFact]
    public void InjectionTextMissingNamesAndNullsAreClearErrorsAndTheTableIsUntouched()
    {
        var (pg, table) = Setup();
        using (pg)
        {
            using var cli = new CliRunner();
            var evil = Ab(cli, pg, "--table", table, "--metric", $"evil:mean:{SqlBadInputTests.Evil}");
            Assert.True(evil.Exit == 0, evil.Error);

            var missing = Ab(cli, pg, "--table", table, "--metric", "m:mean:y\"; DROP TABLE t; --");
            Assert.Equal(AbCommand.InputError, missing.Exit);
            Assert.Contains("column 'y\"; DROP TABLE t; --' (metric 'm') does not exist", missing.Error);

            var noTable = Ab(cli, pg, "--table", $"{pg.Schema}.orders", "--metric", "y:mean");
            Assert.Equal(AbCommand.InputError, noTable.Exit);
            Assert.Contains($"table '{pg.Schema}.orders'", noTable.Error);
            Assert.Contains("does not exist", noTable.Error);

            var text = Ab(cli, pg, "--table", table, "--metric", "m:mean:label");
            Assert.Equal(AbCommand.InputError, text.Exit);
            Assert.Contains("column 'label' (metric 'm') has type TEXT, not a number", text.Error);

            var nulls = Ab(cli, pg, "--table", table, "--metric", "m:mean:sparse");
            Assert.Equal(AbCommand.InputError, nulls.Exit);
            Assert.Contains("is NULL in 800 of 1,000 rows", nulls.Error);

            Assert.Equal(1000, pg.Count(table));
        }
    }

    [PostgresFact]
    public void AQueryThatWritesIsRefusedByTheReadOnlySession()
    {
        var (pg, table) = Setup();
        using (pg)
        {
            using var cli = new CliRunner();
            // A data-modifying CTE is not allowed in a subquery, and the session is read-only anyway.
            string query = cli.WriteFile("q.sql", $"WITH gone AS (DELETE FROM {table} RETURNING *) SELECT * FROM gone");
            var run = Ab(cli, pg, "--query", query, "--metric", "y:mean");
            Assert.Equal(AbCommand.InputError, run.Exit);
            Assert.Contains("q.sql", run.Error);
            Assert.Equal(1000, pg.Count(table));
        }
    }
}
