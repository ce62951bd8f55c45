using MarketLab.Experiments.Data;
using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>
/// Must-show of issue 17: every field of <c>marketlab ab --json</c> computed by DuckDB and by PostgreSQL equals the
/// in-memory CSV path to a relative 1e-9, on Hillstrom and on datasets/examples/ab_units.csv, with proportion, mean,
/// ratio, CUPED and ratio + CUPED metrics and every analysis method.
/// </summary>
public class SqlAbEquivalenceTests
{
    internal static readonly string[] UnitsMetrics =
    [
        "--arm", "arm", "--control", "control",
        "--metric", "conversion:proportion:converted", "revenue:mean", "ctr:ratio:clicks/impressions", "plain_ctr:ratio:clicks/impressions", "plain_revenue:mean:revenue",
        "--covariate", "conversion=converted_pre", "revenue=revenue_pre", "ctr=clicks_pre/impressions_pre",
    ];

    // Hillstrom: spend per visit as a ratio, history and recency as its (made-up but numeric) pre-period pair.
    internal static readonly string[] HillstromMetrics =
    [
        "--arm", "segment", "--control", "No E-Mail",
        "--metric", "visit:proportion", "conversion:proportion", "spend:mean", "spend_cuped:mean:spend", "spend_per_visit:ratio:spend/visit",
        "spend_per_visit_cuped:ratio:spend/visit",
        "--covariate", "spend_cuped=history", "visit=newbie", "spend_per_visit_cuped=history/recency",
    ];

    internal static string UnitsCsv => Path.Combine(SharedDatasets.RepositoryRoot()!, "datasets", "examples", "ab_units.csv");

    internal static string HillstromCsv => SharedDatasets.Resolve(Hillstrom.RelativePath);

    [Theory]
    [InlineData("frequentist", "holm")]
    [InlineData("sequential", "bh")]
    [InlineData("bayesian", "none")]
    public void DuckDbOnTheUnitsCsvEqualsTheInMemoryPath(string method, string correction) =>
        AssertSame(UnitsCsv, $"duckdb:{UnitsCsv}", null, [.. UnitsMetrics, "--method", method, "--correction", correction]);

    [SharedDataFact(Hillstrom.RelativePath)]
    public void DuckDbOnHillstromEqualsTheInMemoryPath() =>
        AssertSame(HillstromCsv, $"duckdb:{HillstromCsv}", null, HillstromMetrics);

    [SharedDataFact(Hillstrom.RelativePath)]
    public void BayesianDuckDbOnHillstromEqualsTheInMemoryPath() =>
        AssertSame(HillstromCsv, $"duckdb:{HillstromCsv}", null, [.. HillstromMetrics, "--method", "bayesian"]);

    [Fact]
    public void ParquetInputIsReadThroughDuckDbWithTheSameResult()
    {
        using var cli = new CliRunner();
        string parquet = cli.PathOf("units.parquet");
        SqlTestFiles.CsvToParquet(UnitsCsv, parquet);
        AssertSame(UnitsCsv, null, parquet, UnitsMetrics);
    }

    [PostgresTheory]
    [InlineData("frequentist")]
    [InlineData("bayesian")]
    public void PostgresOnTheUnitsCsvEqualsTheInMemoryPath(string method)
    {
        using var pg = new PostgresScratch();
        string table = pg.LoadCsv("units", UnitsCsv);
        AssertSame(UnitsCsv, pg.Source, null, [.. UnitsMetrics, "--method", method], ["--table", table]);
    }

    [PostgresFact(Hillstrom.RelativePath)]
    public void PostgresOnHillstromEqualsTheInMemoryPath()
    {
        using var pg = new PostgresScratch();
        string table = pg.LoadCsv("hillstrom", HillstromCsv);
        AssertSame(HillstromCsv, pg.Source, null, HillstromMetrics, ["--table", table]);
    }

    /// <summary>Runs the CSV path and the SQL path (a --source, or a .parquet --input) and compares their JSON.</summary>
    internal static void AssertSame(string csv, string? source, string? parquet, string[] options, string[]? sqlOptions = null)
    {
        using var cli = new CliRunner();
        string expected = cli.PathOf("csv.json"), actual = cli.PathOf("sql.json");
        var memory = cli.Run(["ab", "--input", csv, .. options, "--json", expected]);
        Assert.True(memory.Exit == 0, memory.Error);
        string[] where = source is not null ? ["--source", source] : ["--input", parquet!];
        var sql = cli.Run(["ab", .. where, .. sqlOptions ?? [], .. options, "--json", actual]);
        Assert.True(sql.Exit == 0, sql.Error);
        Assert.Contains("Statistics computed in", sql.Output);
        AbJsonComparer.AssertEquivalent(expected, actual);
        Assert.Contains("SELECT", System.Text.Json.JsonDocument.Parse(File.ReadAllText(actual)).RootElement.GetProperty("sql").GetString());
    }
}
