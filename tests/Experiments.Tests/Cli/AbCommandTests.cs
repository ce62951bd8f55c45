using System.Text.Json;
using MarketLab.Cli.Ab;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Tests.Cli;

public class AbCommandTests
{
    private static readonly string[] Metrics = ["--metric", "conversion:proportion:converted", "revenue:mean", "ctr:ratio:clicks/impressions"];

    private static string[] Args(string input, params string[] extra) =>
        ["ab", "--input", input, "--arm", "arm", "--control", "control", .. Metrics, .. extra];

    [Fact]
    public void EndToEndWritesJsonConsistentWithTheLibrary()
    {
        using var cli = new CliRunner();
        string input = cli.PathOf("units.csv");
        ExampleLog.Write(input, rows: 3000, seed: 7);
        string json = cli.PathOf("out.json");

        var (exit, output, error) = cli.Run(Args(input, "--covariate", "revenue=revenue_pre", "--json", json));

        Assert.True(exit == 0, error);
        Assert.Equal("", error);
        Assert.Contains("SRM check", output);
        Assert.Contains("conversion", output);

        UnitLogMetric[] metrics =
        [
            UnitLogMetric.Proportion("conversion", "converted"),
            UnitLogMetric.Mean("revenue", "revenue", "revenue_pre"),
            UnitLogMetric.Ratio("ctr", "clicks", "impressions"),
        ];
        UnitLogAggregate aggregate = UnitLogAggregator.Aggregate(input, "arm", metrics);
        ExperimentResult expected = AbAnalysis.Analyze(aggregate.ToExperimentData(), "control", aggregate.MetricSpecs());

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = document.RootElement;
        Assert.Equal(expected.Srm.PValue, root.GetProperty("srm_p_value").GetDouble(), 12);
        JsonElement[] comparisons = root.GetProperty("comparisons").EnumerateArray().ToArray();
        Assert.Equal(6, comparisons.Length); // 2 treatment arms x 3 metrics
        Assert.Equal(expected.Comparisons.Count, comparisons.Length);
        for (int i = 0; i < comparisons.Length; i++)
        {
            ComparisonResult c = expected.Comparisons[i];
            JsonElement j = comparisons[i];
            Assert.Equal(c.Arm, j.GetProperty("arm").GetString());
            Assert.Equal("control", j.GetProperty("control").GetString());
            Assert.Equal(c.Metric, j.GetProperty("metric").GetString());
            Assert.Equal(c.ControlValue!.Value, j.GetProperty("control_value").GetDouble(), 12);
            Assert.Equal(c.ArmValue!.Value, j.GetProperty("arm_value").GetDouble(), 12);
            Assert.Equal(c.AbsoluteLift!.Value, j.GetProperty("abs_lift").GetDouble(), 12);
            Assert.Equal(c.RelativeLift!.Value, j.GetProperty("rel_lift").GetDouble(), 12);
            Assert.Equal(c.RelativeInterval!.Value.Lower, j.GetProperty("ci_low").GetDouble(), 12);
            Assert.Equal(c.RelativeInterval!.Value.Upper, j.GetProperty("ci_high").GetDouble(), 12);
            Assert.Equal(c.PValue!.Value, j.GetProperty("p_value").GetDouble(), 12);
            Assert.Equal(c.AdjustedPValue!.Value, j.GetProperty("adjusted_p_value").GetDouble(), 12);
            Assert.True(j.GetProperty("ci_low").GetDouble() <= j.GetProperty("rel_lift").GetDouble());
            Assert.True(j.GetProperty("adjusted_p_value").GetDouble() >= j.GetProperty("p_value").GetDouble());
        }
        Assert.Contains(comparisons, j => j.GetProperty("variance_reduction").ValueKind == JsonValueKind.Number);
    }

    [Fact]
    public void ExampleOptionWritesAReadableLog()
    {
        using var cli = new CliRunner();
        string path = cli.PathOf("example.csv");
        var (exit, output, _) = cli.Run("ab", "--example", path);
        Assert.Equal(0, exit);
        Assert.Contains("marketlab ab --input", output);
        Assert.Equal(0, cli.Run(Args(path)).Exit);
    }

    private static void AssertInputError((int Exit, string Output, string Error) run, params string[] expected)
    {
        Assert.Equal(AbCommand.InputError, run.Exit);
        string line = run.Error.TrimEnd();
        Assert.DoesNotContain('\n', line); // one line, no stack trace
        Assert.StartsWith("marketlab ab: ", line);
        foreach (string part in expected) Assert.Contains(part, line);
    }

    private static string SmallLog(CliRunner cli, string body = "control,1,10.5,2,10\nb,0,0,1,8\ncontrol,0,0,0,5\nb,1,3,3,9\n") =>
        cli.WriteFile("units.csv", "arm,converted,revenue,clicks,impressions\n" + body);

    [Fact]
    public void BadMetricSpecNamesTheOption()
    {
        using var cli = new CliRunner();
        string input = SmallLog(cli);
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "ctr:ratio"),
            "--metric", "'ctr:ratio'");
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "x:median"),
            "--metric", "proportion, mean, ratio");
    }

    [Fact]
    public void UnknownControlListsTheArms()
    {
        using var cli = new CliRunner();
        string input = SmallLog(cli);
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "ctl", "--metric", "revenue:mean"),
            "--control", "'ctl'", "arms: control, b");
    }

    [Fact]
    public void WeightForAnEmptyArmIsAnError()
    {
        using var cli = new CliRunner();
        string input = SmallLog(cli);
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "revenue:mean", "--weights", "control=0.4,b=0.3,c=0.3"),
            "--weights", "arm 'c' is empty", "arms: control, b");
    }

    [Fact]
    public void UnknownColumnNamesFileAndHeader()
    {
        using var cli = new CliRunner();
        string input = SmallLog(cli);
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "group", "--control", "control", "--metric", "revenue:mean"),
            "units.csv: line 1", "'group'", "available columns: arm, converted");
    }

    [Fact]
    public void CsvValueErrorsNameFileLineAndColumn()
    {
        using var cli = new CliRunner();
        string input = SmallLog(cli, "control,1,10.5,2,10\nb,0,NaN,1,8\n");
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "revenue:mean"),
            "units.csv: line 3, column 3 ('revenue')", "not a finite number");
        input = SmallLog(cli, "control,2,10.5,2,10\nb,0,1,1,8\n");
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "converted:proportion"),
            "line 2, column 2 ('converted')", "not 0 or 1");
        input = SmallLog(cli, "control,1,10.5,2,-10\nb,0,1,1,8\n");
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "ctr:ratio:clicks/impressions"),
            "line 2, column 5 ('impressions')", "negative");
    }

    [Fact]
    public void MissingOptionsAndBadValuesNameTheOption()
    {
        using var cli = new CliRunner();
        string input = SmallLog(cli);
        AssertInputError(cli.Run("ab", "--arm", "arm", "--control", "control", "--metric", "revenue:mean"), "--input: is required");
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "revenue:mean", "--method", "bayes"),
            "--method", "'bayes'", "frequentist, sequential, bayesian");
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "revenue:mean", "--correction", "bonferroni"),
            "--correction", "holm, bh, benjamini-hochberg, none");
        AssertInputError(cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "revenue:mean", "--alpha", "1.5"),
            "--alpha", "1.5");
        AssertInputError(cli.Run("ab", "--input", cli.PathOf("missing.csv"), "--arm", "arm", "--control", "control", "--metric", "revenue:mean"),
            "missing.csv", "not found");
    }

    [Fact]
    public void SegmentFileBreaksTheAnalysisDownAndCountsUnassignedUnits()
    {
        using var cli = new CliRunner();
        // 3 users per arm and segment: segment 0 control converts 1 of 3, treatment 3 of 3; segment 1 control 2 of 3,
        // treatment 2 of 3. Users x1 (control, converted) and x2 (treatment, not) are not in the segment file.
        var log = new List<string> { "customer,arm,converted" };
        var file = new List<string> { "user,segment" };
        void Add(string user, string arm, int converted, string? segment)
        {
            log.Add($"{user},{arm},{converted}");
            if (segment is not null) file.Add($"{user},{segment}");
        }
        for (int i = 0; i < 3; i++)
        {
            Add($"a{i}", "control", i == 0 ? 1 : 0, "0");
            Add($"b{i}", "treatment", 1, "0");
            Add($"c{i}", "control", i < 2 ? 1 : 0, "1");
            Add($"d{i}", "treatment", i < 2 ? 1 : 0, "1");
        }
        Add("x1", "control", 1, null);
        Add("x2", "treatment", 0, null);
        string input = cli.WriteFile("units.csv", string.Join("\n", log));
        string segments = cli.WriteFile("segments.csv", string.Join("\n", file));
        string json = cli.PathOf("out.json");

        var (exit, output, error) = cli.Run("ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "conversion:proportion:converted",
            "--segment-file", segments, "--segment-join", "customer", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Contains("2 of 14 units have no segment in the file and form the 'unassigned' segment", output);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(2, document.RootElement.GetProperty("unassigned_units").GetInt64());
        var bySegment = document.RootElement.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["0", "1", "unassigned"], bySegment.Keys);
        var c0 = bySegment["0"].GetProperty("comparisons")[0];
        Assert.Equal(1 / 3.0, c0.GetProperty("control_value").GetDouble(), 12);   // a0 only
        Assert.Equal(1.0, c0.GetProperty("arm_value").GetDouble(), 12);            // b0..b2
        var c1 = bySegment["1"].GetProperty("comparisons")[0];
        Assert.Equal(0.0, c1.GetProperty("abs_lift").GetDouble(), 12);             // 2/3 against 2/3
        // The unassigned segment is reported, not dropped: one unit per arm (x1, x2), too few for a comparison, so it
        // carries the analysis error instead of a lift.
        Assert.Equal([1L, 1L], bySegment["unassigned"].GetProperty("arms").EnumerateArray().Select(a => a.GetProperty("units").GetInt64()));
        Assert.NotEqual("none", bySegment["unassigned"].GetProperty("comparisons")[0].GetProperty("error").GetString());
    }

    [Fact]
    public void SegmentFileErrorsNameOptionFileLineAndColumn()
    {
        using var cli = new CliRunner();
        string input = cli.WriteFile("units.csv", "customer,arm,converted\nu1,control,1\nu2,treatment,0\n");
        string good = cli.WriteFile("segments.csv", "user,segment\nu1,0\nu2,1\n");
        string bad = cli.WriteFile("bad.csv", "user,segment\nu1,0\nu1,1\n");
        string[] Base(params string[] extra) => ["ab", "--input", input, "--arm", "arm", "--control", "control", "--metric", "conversion:proportion:converted", .. extra];
        AssertInputError(cli.Run(Base("--segment-file", good, "--segment-join", "user_id")), "column 'user_id'", "customer, arm, converted");
        AssertInputError(cli.Run(Base("--segment-file", good)), "--segment-join", "is required");
        AssertInputError(cli.Run(Base("--segment-join", "customer")), "--segment-join", "needs --segment-file");
        AssertInputError(cli.Run(Base("--segment-file", bad, "--segment-join", "customer")), "bad.csv", "line 3", "user 'u1' is listed again");
    }
}
