using MarketLab.Experiments.Uplift;
using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Uplift;

public class UpliftLearnerTests
{
    // Known truth: baseline 0.2 + 0.2·x1; uplift +0.20 where x0 > 0.5, −0.05 elsewhere; x2 is noise.
    internal static UpliftData Synthetic(int n, int seed, double treatedShare, out double[] trueEffect)
    {
        var random = new Random(seed);
        var features = new float[n][];
        var treatment = new bool[n];
        var outcome = new float[n];
        trueEffect = new double[n];
        for (int i = 0; i < n; i++)
        {
            float[] x = [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()];
            double tau = x[0] > 0.5 ? 0.20 : -0.05;
            bool t = random.NextDouble() < treatedShare;
            double p = 0.2 + 0.2 * x[1] + (t ? tau : 0);
            features[i] = x;
            treatment[i] = t;
            outcome[i] = random.NextDouble() < p ? 1f : 0f;
            trueEffect[i] = tau;
        }
        return UpliftData.FromArrays(features, treatment, outcome);
    }

    public static TheoryData<string> Learners => new() { "S", "T", "X", "CT" };

    internal static IUpliftLearner Create(string name, UpliftLearnerOptions? options = null) => name switch
    {
        "S" => new SLearner(options),
        "T" => new Microsoft.ML.MLContext().Uplift().TLearner(options ?? new UpliftLearnerOptions()),
        "X" => new XLearner(options),
        "CT" => new ClassTransformation(options),
        _ => throw new ArgumentException(name),
    };

    private static readonly UpliftLearnerOptions Small = new()
    {
        Outcome = BaseLearner.LightGbmClassifier(leaves: 4, trees: 60, minimumExamplesPerLeaf: 100),
        EffectRegressor = BaseLearner.LightGbmRegressor(leaves: 4, trees: 60, minimumExamplesPerLeaf: 100),
    };

    [Theory]
    [MemberData(nameof(Learners))]
    public void LearnerSeparatesTheResponsiveSegment(string name)
    {
        var train = Synthetic(8000, 1, 0.5, out _);
        var test = Synthetic(2000, 2, 0.5, out var truth);
        var uplift = Create(name, Small).Fit(train).PredictUplift(test);

        double Mean(bool responsive) => Enumerable.Range(0, truth.Length).Where(i => truth[i] > 0 == responsive).Average(i => (double)uplift[i]);
        double gap = Mean(true) - Mean(false);
        // True gap 0.25; a learner that ignores x0 scores 0.
        Assert.True(gap > 0.12, $"{name}: predicted uplift gap {gap:F3} between responsive and other customers, true gap 0.25");
        Assert.InRange(Mean(true), 0.05, 0.35);
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void SameSeedGivesSamePredictions(string name)
    {
        var train = Synthetic(2000, 3, 0.5, out _);
        var a = Create(name, Small).Fit(train).PredictUplift(train);
        var b = Create(name, Small).Fit(train).PredictUplift(train);
        Assert.Equal(a, b);
    }

    [Fact]
    public void ClassTransformationReweightsUnbalancedArms()
    {
        // 80% treated: without re-weighting 2P(Z=1) − 1 is biased towards the treated outcome rate.
        var train = Synthetic(10000, 4, 0.8, out _);
        var test = Synthetic(3000, 5, 0.5, out var truth);
        var uplift = new ClassTransformation(Small).Fit(train).PredictUplift(test);
        double meanPredicted = uplift.Average(u => (double)u);
        double meanTrue = truth.Average();
        Assert.InRange(meanPredicted, meanTrue - 0.05, meanTrue + 0.05);
    }

    [Fact]
    public void ClassifierOutcomeRejectsAmounts()
    {
        var data = UpliftData.FromArrays([[1f], [2f], [3f], [4f]], [true, false, true, false], [0f, 12.5f, 1f, 0f]);
        var ex = Assert.Throws<ArgumentException>(() => new TLearner().Fit(data));
        Assert.Contains("row 1 has outcome 12.5", ex.Message);
    }

    [Fact]
    public void OneArmIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => UpliftData.FromArrays([[1f], [2f]], [true, true], [0f, 1f]));
        Assert.Contains("both arms", ex.Message);
    }

    [Fact]
    public void LengthMismatchAndNaNAreRejected()
    {
        Assert.Throws<ArgumentException>(() => UpliftData.FromArrays([[1f], [2f]], [true], [0f, 1f]));
        var ex = Assert.Throws<ArgumentException>(() => UpliftData.FromArrays([[1f], [float.NaN]], [true, false], [0f, 1f]));
        Assert.Contains("Row 1", ex.Message);
    }

    [Fact]
    public void ClassTransformationNeedsAClassifier()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ClassTransformation(new UpliftLearnerOptions { Outcome = BaseLearner.SdcaRegressor() }));
        Assert.Contains("needs a classifier", ex.Message);
    }
}
