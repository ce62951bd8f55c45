using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Bootstrap;
using Xunit.Abstractions;

namespace MarketLab.Evaluation.Tests.Bootstrap;

/// <summary>End-to-end properties of seeded resampling, input checks and a seeded coverage simulation.</summary>
public class BootstrapIntervalTests(ITestOutputHelper output)
{
    private static readonly double[] Sample = [0.552, 1.935, 14.071, 1.256, 1.533, 3.968, 4.363, 0.598, 5.652, 4.684, 0.398, 8.843, 3.195, 0.301, 5.009];
    private static readonly double[] Other = [2.195, 8.289, 3.298, 0.308, 0.162, 0.879, 3.973, 2.97, 1.488, 3.239, 2.014];

    private static double Mean(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x) s += v;
        return s / x.Length;
    }

    [Fact]
    public void SameSeedGivesIdenticalResults()
    {
        var options = new BootstrapOptions { Seed = 42, Resamples = 500 };
        var first = BootstrapInterval.OneSample(Sample, Mean, options);
        var second = BootstrapInterval.OneSample(Sample, Mean, options);
        Assert.Equal(first.Replicates, second.Replicates);
        Assert.Equal(first.Interval, second.Interval);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentReplicates() =>
        Assert.NotEqual(
            BootstrapInterval.OneSample(Sample, Mean, new BootstrapOptions { Seed = 1, Resamples = 200 }).Replicates,
            BootstrapInterval.OneSample(Sample, Mean, new BootstrapOptions { Seed = 2, Resamples = 200 }).Replicates);

    [Fact]
    public void ResultReportsEstimateReplicatesAndTheirStandardDeviation()
    {
        var r = BootstrapInterval.OneSample(Sample, Mean, new BootstrapOptions { Resamples = 4000, Method = BootstrapMethod.Percentile });
        Assert.Equal(4000, r.Replicates.Count);
        Tolerance.Close(Sample.Average(), r.Estimate);
        double mean = r.Replicates.Average();
        double sd = Math.Sqrt(r.Replicates.Sum(v => (v - mean) * (v - mean)) / (r.Replicates.Count - 1));
        Tolerance.Close(sd, r.StandardError);
        // The bootstrap SE of a mean approaches the plug-in SE √(Σ(x − x̄)²/n)/√n; 4000 resamples give it to ≈ 2%.
        double plugIn = Math.Sqrt(Sample.Sum(v => (v - Sample.Average()) * (v - Sample.Average())) / Sample.Length / Sample.Length);
        Assert.InRange(r.StandardError / plugIn, 0.94, 1.06);
    }

    [Theory]
    [InlineData(BootstrapMethod.Percentile)]
    [InlineData(BootstrapMethod.Bca)]
    public void ShiftingTheDataShiftsTheIntervalOfTheMean(BootstrapMethod method)
    {
        var options = new BootstrapOptions { Seed = 3, Resamples = 300, Method = method };
        var original = BootstrapInterval.OneSample(Sample, Mean, options);
        var shifted = BootstrapInterval.OneSample(Sample.Select(v => v + 100).ToArray(), Mean, options);
        Assert.Equal(original.Interval.Lower + 100, shifted.Interval.Lower, 9);
        Assert.Equal(original.Interval.Upper + 100, shifted.Interval.Upper, 9);
    }

    [Fact]
    public void DifferenceIsTreatmentMinusControlAndNegatingTheStatisticNegatesTheInterval()
    {
        var options = new BootstrapOptions { Seed = 5, Resamples = 300, Method = BootstrapMethod.Percentile };
        var forward = BootstrapInterval.Difference(Sample, Other, Mean, options);
        var negated = BootstrapInterval.TwoSample(Sample, Other, (c, t) => Mean(c) - Mean(t), options);
        // Same arrays in the same resampling order (control first), so replicates are exact negatives.
        Assert.Equal(forward.Replicates.Select(v => -v), negated.Replicates, new ToleranceComparer());
        Tolerance.Close(Mean(Other) - Mean(Sample), forward.Estimate);
        Tolerance.Close(-forward.Interval.Upper, negated.Interval.Lower);
        Tolerance.Close(-forward.Interval.Lower, negated.Interval.Upper);
    }

    [Fact]
    public void OneSidedBoundLiesInsideTheTwoSidedIntervalAtTheSameLevel()
    {
        var two = BootstrapInterval.OneSample(Sample, Mean, new BootstrapOptions { Seed = 9 });
        var greater = BootstrapInterval.OneSample(Sample, Mean, new BootstrapOptions { Seed = 9, Alternative = Alternative.Greater });
        Assert.Equal(double.PositiveInfinity, greater.Interval.Upper);
        Assert.True(greater.Interval.Lower > two.Interval.Lower);
    }

    [Fact]
    public void EmptySampleIsRejected() =>
        Assert.Equal("sample", Assert.Throws<ArgumentException>(() => BootstrapInterval.OneSample([], Mean)).ParamName);

    [Fact]
    public void NaNValueIsRejectedWithItsIndex()
    {
        var e = Assert.Throws<ArgumentException>(() => BootstrapInterval.Difference([1.0, 2.0], [1.0, double.NaN, 3.0], Mean));
        Assert.Equal("treatment", e.ParamName);
        Assert.Contains("treatment[1]", e.Message);
    }

    [Fact]
    public void NonFiniteStatisticIsRejected() =>
        Assert.Equal("statistic", Assert.Throws<ArgumentException>(() => BootstrapInterval.OneSample(Sample, x => x[0] > 1 ? double.NaN : 0)).ParamName);

    [Theory]
    [InlineData(99)]
    [InlineData(0)]
    public void TooFewResamplesAreRejected(int resamples) =>
        Assert.Equal("Resamples", Assert.Throws<ArgumentOutOfRangeException>(() => new BootstrapOptions { Resamples = resamples }).ParamName);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void LevelOutsideUnitIntervalIsRejected(double level) =>
        Assert.Equal("ConfidenceLevel", Assert.Throws<ArgumentOutOfRangeException>(() => new BootstrapOptions { ConfidenceLevel = level }).ParamName);

    [Fact]
    public void CoverageOfTheMeanOfSkewedDataIsNearNominal()
    {
        // 400 samples of n = 50 from Exp(1) (true mean 1, skewness 2), 1000 resamples each, 95% intervals.
        // Binomial SE of the coverage ≈ 0.011; both intervals are first-order accurate or better and slightly
        // undercover for skewed data at this n, so we require BCa within [0.90, 0.98] and the percentile
        // interval within [0.87, 0.98]. This seed gives 0.945 (BCa) and 0.95 (percentile).
        const int experiments = 400, n = 50;
        var random = new Random(314159);
        int bcaCovered = 0, percentileCovered = 0;
        var sample = new double[n];
        for (int e = 0; e < experiments; e++)
        {
            for (int i = 0; i < n; i++) sample[i] = -Math.Log(1 - random.NextDouble());
            var bca = BootstrapInterval.OneSample(sample, Mean, new BootstrapOptions { Seed = e, Resamples = 1000 });
            var percentile = BootstrapInterval.OneSample(sample, Mean, new BootstrapOptions { Seed = e, Resamples = 1000, Method = BootstrapMethod.Percentile });
            if (bca.Interval.Contains(1)) bcaCovered++;
            if (percentile.Interval.Contains(1)) percentileCovered++;
        }
        double bcaRate = (double)bcaCovered / experiments, percentileRate = (double)percentileCovered / experiments;
        output.WriteLine($"BCa {bcaRate}, percentile {percentileRate}");
        Assert.InRange(bcaRate, 0.90, 0.98);
        Assert.InRange(percentileRate, 0.87, 0.98);
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= 1e-12 * Math.Max(1, Math.Abs(x));
        public int GetHashCode(double obj) => 0;
    }
}
