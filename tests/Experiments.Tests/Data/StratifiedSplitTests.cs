using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Data;

public class StratifiedSplitTests
{
    [Fact]
    public void EachStratumKeepsItsShareOnBothSides()
    {
        bool[] keys = [.. Enumerable.Repeat(true, 80), .. Enumerable.Repeat(false, 20)];
        var (train, test) = StratifiedSplit.Indices(keys, [false, true], 0.25, seed: 3);
        Assert.Equal(20, test.Count(i => keys[i]));
        Assert.Equal(5, test.Count(i => !keys[i]));
        Assert.Equal(100, train.Length + test.Length);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(test.Order(), test);
    }

    [Fact]
    public void OneRowStratumDoesNotThrow()
    {
        // Regression: the uplift split clamped the test count to [1, size − 1], which throws for a stratum of one row.
        string[] keys = ["a", "a", "a", "a", "b"];
        var (train, test) = StratifiedSplit.Indices(keys, ["a", "b"], 0.3, seed: 1);
        Assert.Equal(5, train.Length + test.Length);
        Assert.Equal(1, test.Count(i => keys[i] == "a"));
    }
}
