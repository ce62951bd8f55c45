using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Evaluation.Tests;

// The "Using the library" snippet of README.md, run on the bundled example log, so the README cannot
// drift from the API.
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeSnippetRunsOnTheBundledExample()
    {
        string units = Path.Combine(RepositoryRoot(), "datasets", "examples", "ab_units.csv");

        var log = UnitLogAggregator.Aggregate(units, "arm",
            [UnitLogMetric.Proportion("conversion", "converted"), UnitLogMetric.Mean("revenue", "revenue")]);
        var result = AbAnalysis.Analyze(log.ToExperimentData(), "control", log.MetricSpecs(),
            new AbAnalysisOptions { Method = AnalysisMethod.Sequential });

        Assert.Equal(4, result.Comparisons.Count);
        Assert.False(result.Srm.Mismatch);
        // The generator gives arm b 7.0% conversion against 5.0% in control, and arm c none at all.
        var b = result.Comparisons.Single(c => c.Arm == "b" && c.Metric == "conversion");
        Assert.True(b.AdjustedPValue < 0.05, $"b: adjusted p = {b.AdjustedPValue}");
        var c = result.Comparisons.Single(c => c.Arm == "c" && c.Metric == "conversion");
        Assert.True(c.RelativeInterval!.Value.Contains(0));
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Experiments.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Experiments.sln above {AppContext.BaseDirectory}.");
    }
}
