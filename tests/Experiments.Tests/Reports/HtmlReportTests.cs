using MarketLab.Experiments.Reports;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Tests.Reports;

public class HtmlReportTests
{
    private const string Attack = "<script>alert(1)</script>";

    private static ReportModel Model(string text)
    {
        var spec = SpecLoader.Parse($$"""
            name: report
            description: "{{text}}"
            task: ab_test
            dataset: {name: example:ab_units}
            candidates: [{kind: ab}]
            """, "report.yaml");
        var outcome = new CandidateOutcome
        {
            Lifts = [new LiftRow(text, "b", "control", 0.05, 0.07, 0.4, 0.2, 0.6, 0.001, 0.002, null, null), new LiftRow("ctr", text, "control", 0.08, 0.079, -0.01, -0.05, 0.03, 0.6, 0.6, null, null)],
            Srm = new SrmSummary(["control", text], [5000, 5100], [5050, 5050], 0.32, false),
            Curves = [new CurveSeries("Holdout profit", text, "share", "profit", [0, 0.5, 1], [0, 10, 5])],
            Warnings = [text],
            PrimaryMetric = text,
        };
        outcome.Metrics[text] = 1.5;
        var run = new RunRecord("run-1", "report", "report.yaml", spec.Text, spec.Sha256, "abc123",
            new SortedDictionary<string, string> { [text] = text }, new SortedDictionary<string, string> { ["os"] = text }, 0,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, RunStatus.Completed);
        var candidates = new[]
        {
            new CandidateRecord("run-1", 0, "ab", "ab", CandidateStatus.Completed, outcome, 0.5, null, DateTimeOffset.UnixEpoch),
            new CandidateRecord("run-1", 1, "broken", "ab", CandidateStatus.Failed, null, 0.1, text, DateTimeOffset.UnixEpoch),
        };
        return StoredReportModel.Of(run, spec, candidates);
    }

    [Fact]
    public void TextFromDataIsEscaped()
    {
        string html = HtmlReport.Render(Model(Attack));
        Assert.DoesNotContain(Attack, html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void ReportIsSelfContainedWithSvgCharts()
    {
        string html = HtmlReport.Render(Model("conversion"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(2, html.Split("<svg").Length - 1); // lift forest plot and profit curves
        Assert.Contains("<style>", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.Contains("Leaderboard", html);
        Assert.Contains("Sample ratio check", html);
        Assert.Contains("abc123", html);
    }

    [Fact]
    public void SectionsAreReplaceable()
    {
        string html = HtmlReport.Render(Model("x"), [new Marker()]);
        Assert.Contains("<p>only this</p>", html);
        Assert.DoesNotContain("Leaderboard", html);
    }

    private sealed class Marker : IReportSection
    {
        public bool AppliesTo(ReportModel model) => true;
        public void Render(ReportModel model, Html html) => html.Element("p", "only this");
    }
}
