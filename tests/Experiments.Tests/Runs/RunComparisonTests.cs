using MarketLab.Experiments.Runs;

namespace MarketLab.Experiments.Tests.Runs;

public class RunComparisonTests
{
    private static SortedDictionary<string, SortedDictionary<string, double>> Metrics(params (string Candidate, string Metric, double Value)[] values)
    {
        var result = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (c, m, v) in values)
        {
            if (!result.TryGetValue(c, out var metrics)) result[c] = metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
            metrics[m] = v;
        }
        return result;
    }

    [Fact]
    public void SmallValuesUseAbsoluteAndLargeValuesRelativeTolerance()
    {
        var changes = RunComparison.Compare(
            Metrics(("a", "p", 0.040), ("a", "profit", 1000)),
            Metrics(("a", "p", 0.049), ("a", "profit", 1009)), 0.01);
        Assert.All(changes, c => Assert.False(c.Moved));

        changes = RunComparison.Compare(Metrics(("a", "p", 0.040)), Metrics(("a", "p", 0.051)), 0.01);
        Assert.True(Assert.Single(changes).Moved);
    }

    [Fact]
    public void MetricOnOneSideOnlyCountsAsMoved()
    {
        var changes = RunComparison.Compare(Metrics(("a", "p", 1)), Metrics(("a", "p", 1), ("b", "q", 2)), 0.01);
        Assert.Equal([false, true], changes.Select(c => c.Moved));
    }

    [Fact]
    public void NegativeToleranceIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RunComparison.Compare(Metrics(), Metrics(), -1));
}
