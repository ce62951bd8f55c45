using MarketLab.Experiments.Data;
using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Runs;

public class RunCliTests
{
    private static string CiSpec(string name) => Path.Combine(SharedDatasets.RepositoryRoot()!, "experiments", "ci", name);

    private static string Metrics(string candidate, double value) =>
        $$$"""{"spec": "s", "candidates": {"{{{candidate}}}": {"kind": "ab", "status": "completed", "metrics": {"lift": {{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}} } } } }""";

    [Fact]
    public void RunWritesReportAndMetricsAndRunsListShowsIt()
    {
        using var cli = new CliRunner();
        string store = cli.PathOf("runs.db");
        var (exit, output, error) = cli.Run("run", CiSpec("campaign-ab.yaml"), "--store", store, "--artifacts", cli.PathOf("artifacts"));
        Assert.True(exit == 0, error + output);
        string report = output.Split('\n').First(l => l.StartsWith("Report:", StringComparison.Ordinal))["Report:".Length..].Trim();
        Assert.True(File.Exists(report));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(report)!, "metrics.json")));

        var list = cli.Run("runs", "list", "--store", store);
        Assert.Equal(0, list.Exit);
        Assert.Contains("ci-campaign-ab", list.Output);
        string runId = Path.GetFileName(Path.GetDirectoryName(report)!);
        var show = cli.Run("runs", "show", runId, "--store", store);
        Assert.Equal(0, show.Exit);
        Assert.Contains("conversion.b.relative_lift", show.Output);

        Assert.Equal(0, cli.Run("compare", runId, Path.Combine(Path.GetDirectoryName(report)!, "metrics.json"), "--store", store).Exit);

        // The report renders again from the run store alone: the same text and tables, and as many charts (ScottPlot's
        // SVG element ids and text metrics depend on what the process drew before, so charts are compared by count).
        string again = cli.PathOf("again.html");
        var rerender = cli.Run("runs", "report", runId, "--store", store, "--out", again);
        Assert.True(rerender.Exit == 0, rerender.Error);
        static (string Text, int Charts) WithoutCharts(string html) =>
            (System.Text.RegularExpressions.Regex.Replace(html, "<svg.*?</svg>", "<svg/>", System.Text.RegularExpressions.RegexOptions.Singleline),
             System.Text.RegularExpressions.Regex.Matches(html, "<svg").Count);
        Assert.Equal(WithoutCharts(File.ReadAllText(report)), WithoutCharts(File.ReadAllText(again)));
        Assert.Contains("no run 'nope'", cli.Run("runs", "report", "nope", "--store", store).Error);
    }

    [Fact]
    public void CompareExitCodes()
    {
        using var cli = new CliRunner();
        string a = cli.WriteFile("a.json", Metrics("ab", 0.10));
        string near = cli.WriteFile("near.json", Metrics("ab", 0.105));
        string far = cli.WriteFile("far.json", Metrics("ab", 0.20));
        Assert.Equal(0, cli.Run("compare", a, near).Exit);
        var moved = cli.Run("compare", a, far, "--tolerance", "0.01");
        Assert.Equal(1, moved.Exit);
        Assert.Contains("1 of 1 metrics moved", moved.Output);
        Assert.Equal(0, cli.Run("compare", a, far, "--tolerance", "0.5").Exit);
        var missing = cli.Run("compare", a, cli.PathOf("nope.json"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("nope.json", missing.Error);
        Assert.Equal(2, cli.Run("compare", a, cli.WriteFile("bad.json", "{}")).Exit);
    }

    [Fact]
    public void InvalidSpecExitsTwoWithFileLineAndKey()
    {
        using var cli = new CliRunner();
        string spec = cli.WriteFile("bad.yaml", "task: ab_test\ndataset: {name: example:ab_units}\ncandidates: [{kind: ab}]\nevaluaton: {}\n");
        var (exit, _, error) = cli.Run("run", spec, "--store", cli.PathOf("runs.db"));
        Assert.Equal(2, exit);
        Assert.Contains("bad.yaml:4:1: evaluaton: unknown key", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void MissingDatasetExitsTwoWithSourceUrl()
    {
        using var cli = new CliRunner();
        string spec = cli.WriteFile("missing.yaml", "task: ab_test\ndataset: {path: nowhere.csv}\ncandidates: [{kind: ab}]\nevaluation: {metrics: [c:proportion]}\n");
        var (exit, _, error) = cli.Run("run", spec, "--store", cli.PathOf("runs.db"), "--artifacts", cli.PathOf("artifacts"));
        Assert.Equal(2, exit);
        Assert.Contains("nowhere.csv", error);
    }

    [Fact]
    public void QuickstartRunsAllThreeSpecsAndPrintsReportPaths()
    {
        using var cli = new CliRunner();
        var (exit, output, error) = cli.Run("quickstart", "--store", cli.PathOf("runs.db"), "--artifacts", cli.PathOf("artifacts"));
        Assert.True(exit == 0, error + output);
        var reports = output.Split('\n').Where(l => l.StartsWith("Report:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, reports.Count);
        Assert.All(reports, r => Assert.True(File.Exists(r["Report:".Length..].Trim())));
    }

    [SharedDataFact("uplift/hillstrom.csv")]
    public void CiHillstromSpecRuns()
    {
        using var cli = new CliRunner();
        var (exit, output, error) = cli.Run("run", CiSpec("coupon-targeting-hillstrom.yaml"), "--store", cli.PathOf("runs.db"), "--artifacts", cli.PathOf("artifacts"));
        Assert.True(exit == 0, error + output);
    }
}
