using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.OffPolicy;

namespace MarketLab.Evaluation.Tests.OffPolicy;

public class OffPolicyInputTests
{
    private static readonly double[] Rewards = [1, 0, 1, 0];
    private static readonly double[] Propensities = [0.5, 0.25, 0.8, 1.0];
    private static readonly double[] Target = [1, 0, 0.5, 1];

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void PropensityOutsideUnitIntervalNamesIndexAndRange(double bad)
    {
        double[] p = [0.5, 0.5, bad, 0.5];
        var e = Assert.Throws<ArgumentException>(() => LoggedFeedback.Create(Rewards, p, Target));
        Assert.Equal("loggingPropensities", e.ParamName);
        Assert.Contains("[2]", e.Message);
        Assert.Contains("(0, 1]", e.Message);
    }

    [Fact]
    public void TargetProbabilityAboveOneIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => LoggedFeedback.Create(Rewards, Propensities, [1, 0, 1.2, 1]));
        Assert.Equal("targetProbabilities", e.ParamName);
        Assert.Contains("[2]", e.Message);
        Assert.Contains("[0, 1]", e.Message);
    }

    [Fact]
    public void NaNRewardNamesIndex()
    {
        var e = Assert.Throws<ArgumentException>(() => LoggedFeedback.Create([1, double.NaN, 0, 1], Propensities, Target));
        Assert.Equal("rewards", e.ParamName);
        Assert.Contains("[1]", e.Message);
    }

    [Fact]
    public void LengthMismatchNamesBothLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => LoggedFeedback.Create(Rewards, [0.5, 0.5, 0.5], Target));
        Assert.Equal("loggingPropensities", e.ParamName);
        Assert.Contains("3", e.Message);
        Assert.Contains("4", e.Message);
    }

    [Fact]
    public void EmptyLogIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => LoggedFeedback.Create([], [], []));
        Assert.Equal("rewards", e.ParamName);
    }

    [Fact]
    public void ModelWithOtherLengthIsRejected()
    {
        var log = LoggedFeedback.Create(Rewards, Propensities, Target);
        var model = OutcomePredictions.Create([0.1, 0.2], [0.3, 0.4]);
        var e = Assert.Throws<ArgumentException>(() => OffPolicyEvaluation.DoublyRobust(log, model));
        Assert.Equal("model", e.ParamName);
    }

    [Fact]
    public void NaNPredictionIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => OutcomePredictions.Create([0.1, 0.2], [0.3, double.NaN]));
        Assert.Equal("targetPolicy", e.ParamName);
        Assert.Contains("[1]", e.Message);
    }

    [Fact]
    public void DirectMethodWithoutModelThrows() =>
        Assert.Throws<ArgumentNullException>(() =>
            OffPolicyEvaluation.Estimate(OffPolicyEstimator.DirectMethod, LoggedFeedback.Create(Rewards, Propensities, Target)));

    [Fact]
    public void NonPositiveWeightClipIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OffPolicyOptions { WeightClip = 0 });

    [Fact]
    public void HandComputedInversePropensityScoring()
    {
        // w = [2, 0, 0.625, 1]; w·r = [2, 0, 0.625, 0]; mean 0.65625.
        var result = OffPolicyEvaluation.InversePropensityScoring(LoggedFeedback.Create(Rewards, Propensities, Target));
        Tolerance.Close(0.65625, result.Value);
    }

    [Fact]
    public void HandComputedSelfNormalized()
    {
        // Σwr = 2.625, Σw = 3.625.
        var result = OffPolicyEvaluation.SelfNormalizedInversePropensityScoring(LoggedFeedback.Create(Rewards, Propensities, Target));
        Tolerance.Close(2.625 / 3.625, result.Value);
        Assert.Equal(StandardErrorMethod.Linearization, result.StandardErrorMethod);
    }

    [Fact]
    public void ClippingCapsWeights()
    {
        // clip 1: w = [1, 0, 0.625, 1]; w·r mean = 1.625/4.
        var result = OffPolicyEvaluation.InversePropensityScoring(LoggedFeedback.Create(Rewards, Propensities, Target),
            new OffPolicyOptions { WeightClip = 1 });
        Tolerance.Close(1.625 / 4, result.Value);
    }

    [Fact]
    public void SelfNormalizedWithAllWeightsZeroCarriesError()
    {
        var result = OffPolicyEvaluation.SelfNormalizedInversePropensityScoring(LoggedFeedback.Create([1, 0], [0.5, 0.5], [0, 0]));
        Assert.Equal(AnalysisError.ZeroDenominator, result.Error);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void SingleRoundHasNoStandardError()
    {
        var result = OffPolicyEvaluation.InversePropensityScoring(LoggedFeedback.Create([1], [0.5], [1]));
        Assert.Equal(AnalysisError.TooFewUnits, result.Error);
        Tolerance.Close(2, result.Value);
    }

    [Fact]
    public void EstimateAllWithoutModelGivesTheTwoWeightingEstimators()
    {
        var all = OffPolicyEvaluation.EstimateAll(LoggedFeedback.Create(Rewards, Propensities, Target));
        Assert.Equal([OffPolicyEstimator.InversePropensityScoring, OffPolicyEstimator.SelfNormalizedInversePropensityScoring],
            all.Select(r => r.Estimator));
    }

    [Fact]
    public void BootstrapIsSeededAndBracketsTheEstimate()
    {
        var sim = new Simulation(7);
        int n = 300;
        var r = new double[n]; var p = new double[n]; var t = new double[n];
        for (int i = 0; i < n; i++) { p[i] = 0.2 + 0.6 * sim.Uniform(); t[i] = sim.Bernoulli(0.5); r[i] = sim.Bernoulli(0.3); }
        var log = LoggedFeedback.Create(r, p, t);
        var options = new OffPolicyOptions { Bootstrap = new BootstrapOptions { Resamples = 500, Method = BootstrapMethod.Percentile, Seed = 3 } };
        var first = OffPolicyEvaluation.SelfNormalizedInversePropensityScoring(log, options);
        var second = OffPolicyEvaluation.SelfNormalizedInversePropensityScoring(log, options);
        Assert.NotNull(first.Bootstrap);
        Assert.Equal(first.Bootstrap!.Interval, second.Bootstrap!.Interval);
        Assert.True(first.Bootstrap.Interval.Contains(first.Value));
        // The bootstrap SE of a ratio agrees with the delta method to within Monte Carlo error.
        Assert.InRange(first.Bootstrap.StandardError / first.StandardError, 0.85, 1.15);
    }
}
