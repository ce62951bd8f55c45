using System.Text.Json;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>The --segment breakdown: each segment's raw p-values are those of the segment analysed alone, and the adjusted ones are Holm across all segments.</summary>
public class SqlSegmentTests
{
    private const string Tiered = "SELECT *, CASE WHEN impressions_pre > 10 THEN 'heavy' ELSE 'light' END AS tier FROM source";

    private static JsonElement Run(CliRunner cli, string name, string query, params string[] extra)
    {
        string json = cli.PathOf(name + ".json");
        var run = cli.Run(["ab", "--source", $"duckdb:{SqlAbEquivalenceTests.UnitsCsv}", "--query", cli.WriteFile(name + ".sql", query),
            "--arm", "arm", "--control", "control", "--metric", "conversion:proportion:converted", "revenue:mean", "--covariate", "revenue=revenue_pre",
            .. extra, "--json", json]);
        Assert.True(run.Exit == 0, run.Error);
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement;
    }

    [Fact]
    public void SegmentsAreTheSegmentAloneWithHolmAcrossAllOfThem()
    {
        using var cli = new CliRunner();
        JsonElement root = Run(cli, "all", Tiered, "--segment", "tier");
        JsonElement[] segments = root.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal(["heavy", "light"], segments.Select(s => s.GetProperty("name").GetString()));

        var raw = new List<double>();
        var adjusted = new List<double>();
        foreach (JsonElement segment in segments)
        {
            string name = segment.GetProperty("name").GetString()!;
            JsonElement alone = Run(cli, name, $"SELECT * FROM ({Tiered}) AS x WHERE tier = '{name}'", "--correction", "none");
            var expected = alone.GetProperty("comparisons").EnumerateArray().ToDictionary(c => $"{c.GetProperty("arm")}/{c.GetProperty("metric")}");
            foreach (JsonElement c in segment.GetProperty("comparisons").EnumerateArray())
            {
                JsonElement e = expected[$"{c.GetProperty("arm")}/{c.GetProperty("metric")}"];
                Assert.Equal(e.GetProperty("p_value").GetDouble(), c.GetProperty("p_value").GetDouble(), 12);
                Assert.Equal(e.GetProperty("rel_lift").GetDouble(), c.GetProperty("rel_lift").GetDouble(), 12);
                raw.Add(c.GetProperty("p_value").GetDouble());
                adjusted.Add(c.GetProperty("adjusted_p_value").GetDouble());
            }
        }
        Assert.Equal(8, raw.Count); // 2 segments x 2 treatment arms x 2 metrics
        double[] holm = MultipleTesting.Adjust(raw, CorrectionMethod.Holm);
        for (int i = 0; i < raw.Count; i++) Assert.Equal(holm[i], adjusted[i], 12);
    }

    [Fact]
    public void ASegmentWithoutTheControlIsSkippedWithTheReason()
    {
        using var cli = new CliRunner();
        JsonElement root = Run(cli, "skip", "SELECT *, CASE WHEN arm = 'control' AND impressions_pre > 18 THEN 'odd' ELSE 'main' END AS tier FROM source WHERE NOT (arm <> 'control' AND impressions_pre > 18)", "--segment", "tier");
        JsonElement odd = root.GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "odd");
        Assert.Equal("only the control arm has units", odd.GetProperty("skipped").GetString());
    }
}
