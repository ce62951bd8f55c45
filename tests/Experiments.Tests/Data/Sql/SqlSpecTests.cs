using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>A spec whose A/B dataset is a Parquet file or a DuckDB database: the same metrics as the CSV, and the report states the SQL.</summary>
public class SqlSpecTests
{
    private static string Spec(string dataset) => $"""
        name: sql-ab
        task: ab_test
        seed: 1
        dataset: {dataset}
        candidates:
          - {"{"}name: cuped, kind: ab, parameters: {"{"}method: frequentist, cuped: true{"}"}{"}"}
        evaluation:
          metrics: [conversion:proportion:converted, revenue:mean, ctr:ratio:clicks/impressions]
          covariates: [conversion=converted_pre, revenue=revenue_pre, ctr=clicks_pre/impressions_pre]
          arm_column: arm
          control: control
        """;

    private static (string Metrics, string Report) Run(CliRunner cli, string name, string spec)
    {
        var (exit, output, error) = cli.Run("run", cli.WriteFile(name, spec), "--store", cli.PathOf("runs.db"), "--artifacts", cli.PathOf("artifacts"));
        Assert.True(exit == 0, error + output);
        string Line(string prefix) => output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();
        return (Line("Metrics:"), Line("Report:"));
    }

    [Fact]
    public void ParquetAndDuckDbDatasetsGiveTheCsvMetricsAndTheReportStatesTheSql()
    {
        using var cli = new CliRunner();
        string csv = SqlAbEquivalenceTests.UnitsCsv;
        string parquet = cli.PathOf("units.parquet"), db = cli.PathOf("shop.duckdb");
        SqlTestFiles.CsvToParquet(csv, parquet);
        SqlTestFiles.Execute(db, $"CREATE TABLE units AS SELECT * FROM read_csv_auto('{csv.Replace("'", "''")}')");

        var fromCsv = Run(cli, "csv.yaml", Spec($"{{path: {csv}}}"));
        var fromParquet = Run(cli, "parquet.yaml", Spec($"{{path: {parquet}}}"));
        var fromDuckDb = Run(cli, "duckdb.yaml", Spec($"{{path: {db}, parameters: {{table: units}}}}"));

        Assert.Equal(0, cli.Run("compare", fromCsv.Metrics, fromParquet.Metrics, "--tolerance", "1e-9", "--store", cli.PathOf("runs.db")).Exit);
        Assert.Equal(0, cli.Run("compare", fromCsv.Metrics, fromDuckDb.Metrics, "--tolerance", "1e-9", "--store", cli.PathOf("runs.db")).Exit);
        Assert.Contains("SELECT", File.ReadAllText(fromDuckDb.Report));
        Assert.Contains("&quot;units&quot;", File.ReadAllText(fromDuckDb.Report));
        Assert.DoesNotContain("Statistics computed in", File.ReadAllText(fromCsv.Report));
    }

    [Fact]
    public void ADatasetNamedByItsSqlSourceRuns()
    {
        using var cli = new CliRunner();
        string csv = SqlAbEquivalenceTests.UnitsCsv, db = cli.PathOf("shop.duckdb");
        SqlTestFiles.Execute(db, $"CREATE TABLE units AS SELECT * FROM read_csv_auto('{csv.Replace("'", "''")}')");
        var fromCsv = Run(cli, "csv.yaml", Spec($"{{path: {csv}}}"));
        var fromName = Run(cli, "named.yaml", Spec($"{{name: 'duckdb:{db}', parameters: {{table: units}}}}"));
        Assert.Equal(0, cli.Run("compare", fromCsv.Metrics, fromName.Metrics, "--tolerance", "1e-9", "--store", cli.PathOf("runs.db")).Exit);
    }

    [PostgresFact]
    public void APostgresDatasetRunsAndTheReportHeaderMasksThePassword()
    {
        using var pg = new PostgresScratch();
        string table = pg.LoadCsv("units", SqlAbEquivalenceTests.UnitsCsv);
        using var cli = new CliRunner();
        var fromCsv = Run(cli, "csv.yaml", Spec($"{{path: {SqlAbEquivalenceTests.UnitsCsv}}}"));
        var fromPg = Run(cli, "pg.yaml", Spec($"{{name: '{pg.Source};Password=not-needed', parameters: {{table: {table}}}}}"));
        Assert.Equal(0, cli.Run("compare", fromCsv.Metrics, fromPg.Metrics, "--tolerance", "1e-9", "--store", cli.PathOf("runs.db")).Exit);
        // The header and the SQL note mask it; the spec itself is echoed verbatim, hence PGPASSWORD (docs/ab-cli.md).
        string report = File.ReadAllText(fromPg.Report);
        Assert.Contains("Task ab_test on postgres:", report);
        Assert.Contains("Password=***", report);
    }

    [Fact]
    public void ADuckDbDatabaseWithoutATableIsAClearSpecError()
    {
        using var cli = new CliRunner();
        string db = cli.PathOf("shop.duckdb");
        SqlTestFiles.Execute(db, "CREATE TABLE units (arm VARCHAR)");
        var (exit, output, error) = cli.Run("run", cli.WriteFile("s.yaml", Spec($"{{path: {db}}}")), "--store", cli.PathOf("runs.db"), "--artifacts", cli.PathOf("artifacts"));
        Assert.NotEqual(0, exit);
        Assert.Contains("name the unit table (table: NAME)", error + output);
    }
}
