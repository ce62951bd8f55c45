using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.Tests.Distributions;

public class WilsonCountsTests
{
    [Fact]
    public void EightyOneOfAHundredMatchesTheTextbookValue()
    {
        // scipy 1.10: binomtest(81, 100).proportion_ci(method='wilson') = (0.7222115462093562, 0.8748524849023126).
        var interval = BinomialInterval.WilsonCounts(81, 100);
        Assert.Equal(0.7222115462093562, interval.Lower, 12);
        Assert.Equal(0.8748524849023126, interval.Upper, 12);
    }

    [Fact]
    public void AllCorrectStaysInsideTheUnitInterval()
    {
        // scipy 1.10: binomtest(50, 50).proportion_ci(method='wilson') = (0.9286524008666412, 1.0).
        var interval = BinomialInterval.WilsonCounts(50, 50);
        Assert.Equal(1.0, interval.Upper);
        Assert.Equal(0.9286524008666412, interval.Lower, 12);
    }

    [Fact]
    public void BadCountsAreNamed()
    {
        Assert.Contains("trials must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialInterval.WilsonCounts(0, 0)).Message);
        Assert.Contains("successes must be in [0, 10]", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialInterval.WilsonCounts(11, 10)).Message);
    }
}
