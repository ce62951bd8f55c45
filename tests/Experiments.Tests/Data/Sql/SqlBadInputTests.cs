using MarketLab.Cli.Ab;
using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>
/// Injection and bad input against an embedded DuckDB database: each case is a clear error (exit 2, one line naming
/// the table, column or option) or the documented treatment, and the table is the same afterwards.
/// </summary>
public sealed class SqlBadInputTests : IDisposable
{
    internal const string Evil = "x\"; DROP TABLE t; --";

    private readonly CliRunner _cli = new();
    private readonly string _db;

    public SqlBadInputTests()
    {
        _db = _cli.PathOf("shop.duckdb");
        SqlTestFiles.Execute(_db,
            $"CREATE TABLE t (arm VARCHAR, y DOUBLE, label VARCHAR, sparse DOUBLE, \"{Evil.Replace("\"", "\"\"")}\" DOUBLE)",
            "INSERT INTO t SELECT CASE WHEN i % 2 = 0 THEN 'control' ELSE 'b' END, (i % 7) * 1.5, 'v' || i, "
            + "CASE WHEN i % 5 = 0 THEN i ELSE NULL END, i % 3 FROM range(1000) r(i)",
            "CREATE TABLE solo (arm VARCHAR, y DOUBLE)",
            "INSERT INTO solo VALUES ('control', 1), ('control', 2), ('control', 4), ('b', 3)");
    }

    public void Dispose() => _cli.Dispose();

    private (int Exit, string Output, string Error) Ab(params string[] extra) =>
        _cli.Run(["ab", "--source", $"duckdb:{_db}", "--arm", "arm", .. extra.Contains("--control") ? [] : new[] { "--control", "control" }, .. extra]);

    private void AssertUntouched()
    {
        Assert.Equal(1000, SqlTestFiles.Scalar(_db, "SELECT COUNT(*) FROM t"));
        Assert.Equal(5, SqlTestFiles.Scalar(_db, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 't'"));
    }

    private static void AssertInputError((int Exit, string Output, string Error) run, params string[] expected)
    {
        Assert.Equal(AbCommand.InputError, run.Exit);
        foreach (string text in expected) Assert.Contains(text, run.Error);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void AColumnNamedLikeAnInjectionIsQuotedAndAnalysed()
    {
        string json = _cli.PathOf("evil.json");
        var run = Ab("--table", "t", "--metric", $"evil:mean:{Evil}", "--json", json);
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("\"x\"\"; DROP TABLE t; --\"", run.Output); // the doubled quote keeps it one identifier
        AssertUntouched();
    }

    [Fact]
    public void AnInjectionNamingNoColumnIsRefusedBeforeAnyQueryRuns()
    {
        AssertInputError(Ab("--table", "t", "--metric", "m:mean:y\"; DROP TABLE t; --"),
            "column 'y\"; DROP TABLE t; --' (metric 'm') does not exist", "columns: arm, y, label");
        AssertUntouched();
    }

    [Fact]
    public void AnInjectionInTheTableNameIsOneMissingTable()
    {
        AssertInputError(Ab("--table", "t; DROP TABLE t", "--metric", "y:mean"), "table 't; DROP TABLE t'", "does not exist", "tables: solo, t");
        AssertUntouched();
    }

    [Fact]
    public void AMissingTableNamesItAndListsTheTables() =>
        AssertInputError(Ab("--table", "orders", "--metric", "y:mean"), "table 'orders'", "does not exist", "tables: solo, t");

    [Fact]
    public void ASecondStatementInAQueryFileCannotRun()
    {
        string query = _cli.WriteFile("q.sql", "SELECT * FROM t; DROP TABLE t;");
        AssertInputError(Ab("--query", query, "--metric", "y:mean"), "the query in", "q.sql", "failed");
        AssertUntouched();
    }

    [Fact]
    public void ATextMetricColumnIsATypeError() =>
        AssertInputError(Ab("--table", "t", "--metric", "m:mean:label"), "column 'label' (metric 'm') has type VARCHAR, not a number");

    [Fact]
    public void ANullHeavyColumnIsAnErrorWithTheCount() =>
        AssertInputError(Ab("--table", "t", "--metric", "m:mean:sparse"), "column 'sparse' (metric 'm') is NULL in 800 of 1,000 rows", "COALESCE");

    [Fact]
    public void NullsFilteredInAQueryAreTheDocumentedTreatment()
    {
        string query = _cli.WriteFile("q.sql", "SELECT * FROM t WHERE sparse IS NOT NULL");
        var run = Ab("--query", query, "--metric", "m:mean:sparse");
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("b 100", run.Output);
    }

    [Fact]
    public void AControlArmWithoutRowsNamesTheArmsPresent() =>
        AssertInputError(Ab("--table", "t", "--metric", "y:mean", "--control", "ctl"), "--control: arm 'ctl' has no units", "arms: b, control");

    [Fact]
    public void AnEmptyWeightedArmIsAnError() =>
        AssertInputError(Ab("--table", "t", "--metric", "y:mean", "--weights", "control=1,b=1,c=1"), "--weights: arm 'c' is empty");

    [Fact]
    public void AnArmWithOneUnitGivesTheTooFewUnitsErrorCodeNotANumber()
    {
        string json = _cli.PathOf("solo.json");
        var run = Ab("--table", "solo", "--metric", "y:mean", "--json", json);
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("\"error\": \"too_few_units\"", File.ReadAllText(json));
    }

    [Fact]
    public void AProportionColumnOutside01IsAnError() =>
        AssertInputError(Ab("--table", "t", "--metric", "m:proportion:y"), "column 'y' (metric 'm') is not 0 or 1 in");

    [Fact]
    public void TableWithoutASqlSourceIsAnError() =>
        AssertInputError(_cli.Run("ab", "--input", _cli.PathOf("x.csv"), "--table", "t", "--arm", "arm", "--control", "control", "--metric", "y:mean"),
            "--table: needs a SQL source");
}
