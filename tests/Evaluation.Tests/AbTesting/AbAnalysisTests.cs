using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Tests.AbTesting;

public class AbAnalysisTests
{
    private static readonly MetricSpec Conversion = new("conversion", MetricKind.Proportion);
    private static readonly MetricSpec Revenue = new("revenue", MetricKind.Mean);
    private static readonly MetricSpec Ctr = new("ctr", MetricKind.Ratio);

    private static ExperimentData ThreeArms(long controlUnits = 10000, long bUnits = 10000, long cUnits = 10000)
    {
        ArmData Arm(string name, long n, long conversions, double revenueMean, double clicks)
        {
            var metrics = new Dictionary<string, SufficientStatistics>
            {
                ["conversion"] = SufficientStatistics.FromSums(n, conversions, conversions),
                ["revenue"] = SufficientStatistics.FromSums(n, revenueMean * n, (400 + revenueMean * revenueMean) * n),
                ["ctr"] = SufficientStatistics.FromSums(n, [clicks * n, 10.0 * n], new double[,] { { 2 * clicks * n, 12 * clicks * n }, { 12 * clicks * n, 110.0 * n } }),
            };
            return new ArmData(name, n, metrics);
        }
        return new ExperimentData([
            Arm("control", controlUnits, controlUnits / 20, 30, 1.0),
            Arm("b", bUnits, bUnits * 6 / 100, 30.5, 1.1),
            Arm("c", cUnits, cUnits / 20, 29.8, 1.0),
        ]);
    }

    [Fact]
    public void EveryArmIsComparedWithControlOnEveryMetric()
    {
        var result = AbAnalysis.Analyze(ThreeArms(), "control", [Conversion, Revenue, Ctr]);
        Assert.Equal(6, result.Comparisons.Count);
        Assert.All(result.Comparisons, c => Assert.Equal("control", c.Control));
        Assert.Equal(["b", "c"], result.Comparisons.Select(c => c.Arm).Distinct());
        Assert.All(result.Comparisons, c => Assert.True(c.IsValid, c.ErrorMessage));
        Assert.False(result.Srm.Mismatch);
    }

    [Fact]
    public void ComparisonsEqualTheBuildingBlocks()
    {
        var data = ThreeArms();
        var result = AbAnalysis.Analyze(data, "control", [Conversion], new AbAnalysisOptions { Correction = CorrectionMethod.None });
        var b = result.Comparisons.Single(c => c.Arm == "b");
        var effect = EffectEstimate.Compute(
            MetricEstimator.Estimate(data.Arm("control").Metrics["conversion"], MetricKind.Proportion, false),
            MetricEstimator.Estimate(data.Arm("b").Metrics["conversion"], MetricKind.Proportion, false), pooledNullVariance: true);
        var test = FrequentistTest.Evaluate(effect);
        Assert.Equal(test.PValue, b.PValue);
        Assert.Equal(test.PValue, b.AdjustedPValue);
        Assert.Equal(test.RelativeInterval, b.RelativeInterval);
        Assert.Equal(0.05, b.ControlValue);
        Assert.Equal(0.06, b.ArmValue!.Value, 12);
    }

    [Fact]
    public void HolmCorrectionSpansArmsAndMetrics()
    {
        var result = AbAnalysis.Analyze(ThreeArms(), "control", [Conversion, Revenue, Ctr], new AbAnalysisOptions { Correction = CorrectionMethod.Holm });
        var raw = result.Comparisons.Select(c => c.PValue!.Value).ToList();
        var expected = MultipleTesting.Adjust(raw, CorrectionMethod.Holm);
        Assert.Equal(expected, result.Comparisons.Select(c => c.AdjustedPValue!.Value));
        Assert.All(result.Comparisons, c => Assert.True(c.AdjustedPValue >= c.PValue));
    }

    [Fact]
    public void SampleRatioMismatchIsFlagged()
    {
        var result = AbAnalysis.Analyze(ThreeArms(10000, 10000, 9400), "control", [Conversion]);
        Assert.True(result.Srm.Mismatch);
        Assert.Contains(result.Warnings, w => w.StartsWith("Sample ratio mismatch"));
    }

    [Fact]
    public void PlannedWeightsAreUsedForSrm()
    {
        var options = new AbAnalysisOptions { PlannedWeights = new Dictionary<string, double> { ["control"] = 0.5, ["b"] = 0.25, ["c"] = 0.25 } };
        var result = AbAnalysis.Analyze(ThreeArms(10000, 5000, 5000), "control", [Conversion], options);
        Assert.False(result.Srm.Mismatch);
        Assert.Equal(0.5, result.Arms[0].PlannedShare);
        var equal = AbAnalysis.Analyze(ThreeArms(10000, 5000, 5000), "control", [Conversion]);
        Assert.True(equal.Srm.Mismatch);
    }

    [Fact]
    public void BayesianMethodReportsChanceToBeatAndNoPValue()
    {
        var result = AbAnalysis.Analyze(ThreeArms(), "control", [Conversion, Revenue], new AbAnalysisOptions { Method = AnalysisMethod.Bayesian });
        Assert.All(result.Comparisons, c =>
        {
            Assert.Null(c.PValue);
            Assert.Null(c.AdjustedPValue);
            Assert.InRange(c.ChanceToBeatControl!.Value, 0, 1);
            Assert.True(c.ExpectedLoss >= 0);
        });
        // 6.0% vs 5.0% on 10,000 units each: treatment almost surely better.
        Assert.True(result.Comparisons.Single(c => c.Arm == "b" && c.Metric == "conversion").ChanceToBeatControl > 0.99);
    }

    [Fact]
    public void SequentialIntervalsAreWiderThanFixedHorizon()
    {
        var data = ThreeArms();
        var fixedHorizon = AbAnalysis.Analyze(data, "control", [Revenue]);
        var sequential = AbAnalysis.Analyze(data, "control", [Revenue], new AbAnalysisOptions { Method = AnalysisMethod.Sequential });
        for (int i = 0; i < 2; i++)
        {
            Assert.True(sequential.Comparisons[i].AbsoluteInterval!.Value.Width > fixedHorizon.Comparisons[i].AbsoluteInterval!.Value.Width);
            Assert.True(sequential.Comparisons[i].PValue >= fixedHorizon.Comparisons[i].PValue);
        }
    }

    [Fact]
    public void DataProblemsBecomeErrorsNotNaN()
    {
        var empty = new Dictionary<string, SufficientStatistics> { ["revenue"] = SufficientStatistics.Empty(1) };
        var fine = new Dictionary<string, SufficientStatistics> { ["revenue"] = SufficientStatistics.FromSums(100, 3000, 100000) };
        var data = new ExperimentData([new ArmData("control", 100, fine), new ArmData("b", 0, empty)]);
        var result = AbAnalysis.Analyze(data, "control", [Revenue]);
        var c = Assert.Single(result.Comparisons);
        Assert.Equal(AnalysisError.EmptyArm, c.Error);
        Assert.Null(c.PValue);
        Assert.Null(c.RelativeLift);
        Assert.Contains(result.Warnings, w => w.Contains("EmptyArm"));
    }

    [Fact]
    public void UnknownNamesAreListed()
    {
        var ex = Assert.Throws<ArgumentException>(() => AbAnalysis.Analyze(ThreeArms(), "treatment", [Conversion]));
        Assert.Contains("Unknown arm 'treatment'", ex.Message);
        Assert.Contains("control, b, c", ex.Message);
        var missing = Assert.Throws<ArgumentException>(() => AbAnalysis.Analyze(ThreeArms(), "control", [new MetricSpec("aov", MetricKind.Mean)]));
        Assert.Contains("no statistics for metric 'aov'", missing.Message);
        var weights = new AbAnalysisOptions { PlannedWeights = new Dictionary<string, double> { ["control"] = 1, ["x"] = 1 } };
        Assert.Throws<ArgumentException>(() => AbAnalysis.Analyze(ThreeArms(), "control", [Conversion], weights));
    }

    [Fact]
    public void InvalidOptionsNameTheSetting()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => AbAnalysis.Analyze(ThreeArms(), "control", [Conversion], new AbAnalysisOptions { Alpha = 1.5 }));
        Assert.Equal("Alpha", ex.ParamName);
    }
}
