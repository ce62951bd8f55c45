using System.Globalization;
using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>
/// --cap: a mean metric winsorised at a percentile the engine computes equals the CSV path on values capped here at
/// numpy's default (linear) percentile over all units, the metric and its covariate each at their own.
/// </summary>
public class SqlCapTests
{
    private static readonly string[] Options =
        ["--arm", "arm", "--control", "control", "--metric", "revenue:mean", "conversion:proportion:converted", "--covariate", "revenue=revenue_pre"];

    /// <summary>numpy.percentile(values, 100·p) with the default linear interpolation (Hyndman–Fan type 7).</summary>
    internal static double Percentile(IReadOnlyList<double> values, double p)
    {
        double[] sorted = values.Order().ToArray();
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    private static string CappedCsv(CliRunner cli, double p)
    {
        string[] lines = File.ReadAllLines(SqlAbEquivalenceTests.UnitsCsv);
        string[] header = lines[0].Split(',');
        int revenue = Array.IndexOf(header, "revenue"), pre = Array.IndexOf(header, "revenue_pre");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        double Cap(int column) => Percentile(rows.Select(r => double.Parse(r[column], CultureInfo.InvariantCulture)).ToList(), p);
        double capRevenue = Cap(revenue), capPre = Cap(pre);
        Assert.True(rows.Count(r => double.Parse(r[revenue], CultureInfo.InvariantCulture) > capRevenue) > 10, "the cap should bite");
        foreach (string[] r in rows)
        {
            r[revenue] = Math.Min(double.Parse(r[revenue], CultureInfo.InvariantCulture), capRevenue).ToString("R", CultureInfo.InvariantCulture);
            r[pre] = Math.Min(double.Parse(r[pre], CultureInfo.InvariantCulture), capPre).ToString("R", CultureInfo.InvariantCulture);
        }
        return cli.WriteFile("capped.csv", string.Join("\n", rows.Select(r => string.Join(",", r)).Prepend(lines[0])) + "\n");
    }

    [Fact]
    public void DuckDbCapEqualsTheCsvOfCappedValues()
    {
        using var cli = new CliRunner();
        SqlAbEquivalenceTests.AssertSame(CappedCsv(cli, 0.95), $"duckdb:{SqlAbEquivalenceTests.UnitsCsv}", null, Options, ["--cap", "revenue=0.95"]);
    }

    [PostgresFact]
    public void PostgresCapEqualsTheCsvOfCappedValues()
    {
        using var cli = new CliRunner();
        using var pg = new PostgresScratch();
        string table = pg.LoadCsv("units", SqlAbEquivalenceTests.UnitsCsv);
        SqlAbEquivalenceTests.AssertSame(CappedCsv(cli, 0.95), pg.Source, null, Options, ["--table", table, "--cap", "revenue=0.95"]);
    }

    [Fact]
    public void CapsAreRefusedOnTheCsvPathAndOnNonMeanMetrics()
    {
        using var cli = new CliRunner();
        var csv = cli.Run(["ab", "--input", SqlAbEquivalenceTests.UnitsCsv, .. Options, "--cap", "revenue=0.95"]);
        Assert.Equal(2, csv.Exit);
        Assert.Contains("--cap: needs a SQL source", csv.Error);
        var proportion = cli.Run(["ab", "--source", $"duckdb:{SqlAbEquivalenceTests.UnitsCsv}", .. Options, "--cap", "conversion=0.9"]);
        Assert.Equal(2, proportion.Exit);
        Assert.Contains("only mean metrics are capped", proportion.Error);
        Assert.Contains("percentile must lie in (0, 1)", cli.Run(["ab", "--source", $"duckdb:{SqlAbEquivalenceTests.UnitsCsv}", .. Options, "--cap", "revenue=99"]).Error);
    }
}
