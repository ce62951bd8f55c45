using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Tests.AbTesting;

// Data that cannot support a statistic yields a specific AnalysisError; malformed input throws an
// ArgumentException naming the value. Never a silent NaN.
public class CoreInputTests
{
    [Fact]
    public void EmptyArmIsReported()
    {
        var ex = Assert.Throws<AnalysisException>(() => MetricEstimator.Estimate(SufficientStatistics.Empty(1), MetricKind.Mean, false));
        Assert.Equal(AnalysisError.EmptyArm, ex.Error);
    }

    [Fact]
    public void SingleUnitIsReported()
    {
        var ex = Assert.Throws<AnalysisException>(() => MetricEstimator.Estimate(SufficientStatistics.FromSums(1, 3, 9), MetricKind.Mean, false));
        Assert.Equal(AnalysisError.TooFewUnits, ex.Error);
    }

    [Fact]
    public void ZeroVarianceIsReported()
    {
        var constant = MetricEstimator.Estimate(SufficientStatistics.FromSums(10, 50, 250), MetricKind.Mean, false);
        var ex = Assert.Throws<AnalysisException>(() => EffectEstimate.Compute(constant, constant));
        Assert.Equal(AnalysisError.ZeroVariance, ex.Error);
    }

    [Fact]
    public void AllZeroConversionsAreZeroVarianceNotNaN()
    {
        var none = MetricEstimator.Estimate(SufficientStatistics.FromSums(100, 0, 0), MetricKind.Proportion, false);
        var ex = Assert.Throws<AnalysisException>(() => EffectEstimate.Compute(none, none, pooledNullVariance: true));
        Assert.Equal(AnalysisError.ZeroVariance, ex.Error);
    }

    [Fact]
    public void ZeroControlValueIsReported()
    {
        var control = MetricEstimator.Estimate(SufficientStatistics.FromSums(4, 0, 8), MetricKind.Mean, false); // values ±√2 around 0
        var treatment = MetricEstimator.Estimate(SufficientStatistics.FromSums(4, 4, 12), MetricKind.Mean, false);
        var ex = Assert.Throws<AnalysisException>(() => EffectEstimate.Compute(control, treatment));
        Assert.Equal(AnalysisError.ZeroControlValue, ex.Error);
    }

    [Fact]
    public void ZeroRatioDenominatorIsReported()
    {
        var stats = FrequentistReferenceTests.Rows([0, 0, 0], [0, 0, 0]);
        var ex = Assert.Throws<AnalysisException>(() => MetricEstimator.Estimate(stats, MetricKind.Ratio, false));
        Assert.Equal(AnalysisError.ZeroDenominator, ex.Error);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteValuesAreRejected(double bad)
    {
        var acc = new MomentAccumulator(2);
        acc.Add([1, 2]);
        var ex = Assert.Throws<ArgumentException>(() => acc.Add([bad, 1]));
        Assert.Contains("Unit 2", ex.Message);
        Assert.Equal(1, acc.Count); // nothing half-added
        Assert.Throws<ArgumentException>(() => new MomentAccumulator(1).Add(bad));
        Assert.Throws<ArgumentException>(() => SufficientStatistics.FromSums(3, bad, 1));
    }

    [Fact]
    public void NegativeCountIsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SufficientStatistics.FromSums(-5, 1, 1));
        Assert.Equal("count", ex.ParamName);
    }

    [Fact]
    public void WrongDimensionNamesTheMetric()
    {
        var ex = Assert.Throws<ArgumentException>(() => MetricEstimator.Estimate(SufficientStatistics.Empty(1), MetricKind.Ratio, false));
        Assert.Contains("Ratio", ex.Message);
    }

    [Fact]
    public void ChunkedAggregationEqualsOnePass()
    {
        var sim = new Simulation(3);
        var whole = new MomentAccumulator(3);
        var parts = new[] { new MomentAccumulator(3), new MomentAccumulator(3), new MomentAccumulator(3) };
        for (int i = 0; i < 3000; i++)
        {
            double[] unit = [sim.Normal(), sim.Exponential(2), sim.Bernoulli(0.3)];
            whole.Add(unit);
            parts[i % 3].Add(unit);
        }
        var merged = parts[0].ToStatistics() + parts[1].ToStatistics() + parts[2].ToStatistics();
        var expected = whole.ToStatistics();
        Assert.Equal(expected.Count, merged.Count);
        for (int i = 0; i < 3; i++)
        {
            Tolerance.Close(expected.Sum(i), merged.Sum(i), 1e-12);
            for (int j = 0; j < 3; j++) Tolerance.Close(expected.SumOfProducts(i, j), merged.SumOfProducts(i, j), 1e-12);
        }
    }

    [Fact]
    public void RatioCupedWithUnitDenominatorsEqualsMeanCuped()
    {
        // Metamorphic check: a ratio whose denominators are all 1 is a mean, with or without CUPED.
        var sim = new Simulation(4);
        SufficientStatistics Arm(double lift, out SufficientStatistics asMean)
        {
            var ratio = new MomentAccumulator(4);
            var mean = new MomentAccumulator(2);
            for (int i = 0; i < 500; i++)
            {
                double x = sim.Exponential(10), y = 0.7 * x + sim.Normal(lift, 3);
                ratio.Add([y, 1, x, 1]);
                mean.Add([y, x]);
            }
            asMean = mean.ToStatistics();
            return ratio.ToStatistics();
        }
        var cr = Arm(0, out var cm);
        var tr = Arm(1, out var tm);
        var viaRatio = EffectEstimate.Compute(MetricEstimator.Estimate(cr, MetricKind.Ratio, true), MetricEstimator.Estimate(tr, MetricKind.Ratio, true));
        var viaMean = EffectEstimate.Compute(MetricEstimator.Estimate(cm, MetricKind.Mean, true), MetricEstimator.Estimate(tm, MetricKind.Mean, true));
        Tolerance.Close(viaMean.Absolute, viaRatio.Absolute, 1e-9);
        Tolerance.Close(viaMean.AbsoluteVariance, viaRatio.AbsoluteVariance, 1e-9);
        Tolerance.Close(viaMean.Theta, viaRatio.Theta, 1e-9);
        Tolerance.Close(viaMean.RelativeVariance, viaRatio.RelativeVariance, 1e-9);
        Assert.True(viaRatio.VarianceReduction > 0.5);
    }
}
