using MarketLab.Evaluation.Tests.Classification;
using MarketLab.Evaluation.Uplift;

namespace MarketLab.Evaluation.Tests.Uplift;

// Metamorphic properties of the uplift metrics, and the shared validation preamble's errors.
public class UpliftPropertyTests
{
    private static (double[] Y, double[] S, double[] T) Data(int n, int seed)
    {
        var sim = new Simulation(seed);
        double[] y = new double[n], s = new double[n], t = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = sim.Normal();
            t[i] = sim.Bernoulli(0.5);
            y[i] = sim.Bernoulli(0.2 + (t[i] == 1 && x > 0 ? 0.15 : 0));
            s[i] = Math.Round(x + sim.Normal(0, 0.5), 1);
        }
        return (y, s, t);
    }

    [Fact]
    public void PerfectScoreGivesThePerfectUpliftCurveAndScoreOne()
    {
        var (y, _, t) = Data(400, 1);
        double cr = 0, tn = 0;
        for (int i = 0; i < y.Length; i++) { cr += y[i] * (1 - t[i]); tn += (1 - y[i]) * t[i]; }
        double[] perfect = y.Select((v, i) => 2.0 * (v == t[i] ? 1 : 0) + (cr > tn ? v : t[i])).ToArray();
        var curve = UpliftCurves.UpliftCurve(y, perfect, t);
        var expected = UpliftCurves.PerfectUpliftCurve(y, t);
        ClassificationReferenceTests.AssertSeries(expected.Gain.ToArray(), curve.Gain, "perfect");
        Tolerance.Close(1, UpliftScores.UpliftAuc(y, perfect, t));
    }

    [Fact]
    public void ScoresAreInvariantToRowPermutationAndMonotoneTransform()
    {
        var (y, s, t) = Data(500, 2);
        int[] p = Enumerable.Range(0, y.Length).Reverse().ToArray();
        double[] yp = p.Select(i => y[i]).ToArray(), sp = p.Select(i => Math.Exp(s[i])).ToArray(), tp = p.Select(i => t[i]).ToArray();
        Tolerance.Close(UpliftScores.QiniCoefficient(y, s, t), UpliftScores.QiniCoefficient(yp, sp, tp));
        Tolerance.Close(UpliftScores.UpliftAuc(y, s, t), UpliftScores.UpliftAuc(yp, sp, tp));
        Tolerance.Close(UpliftScores.UpliftAuc(y, s, t, GainNormalization.CausalMl), UpliftScores.UpliftAuc(yp, sp, tp, GainNormalization.CausalMl));
    }

    [Fact]
    public void ConstantScoreLiesOnTheRandomLine()
    {
        var (y, _, t) = Data(300, 3);
        double[] constant = new double[y.Length];
        Assert.True(Math.Abs(UpliftScores.QiniCoefficient(y, constant, t)) < 1e-12);   // one block: the random line itself
        var curve = UpliftCurves.QiniCurve(y, constant, t);
        Assert.Equal(2, curve.Targeted.Count);
        Tolerance.Close(UpliftCurves.RandomCurve(y, t, GainCurveKind.Qini).Gain[1], curve.Gain[1]);
    }

    [Fact]
    public void OneDecileHoldsEveryRowWhenBinsIsOne()
    {
        var (y, s, t) = Data(200, 4);
        var bin = Assert.Single(UpliftByBins.Compute(y, s, t, 1));
        Assert.Equal(200, bin.TreatedCount + bin.ControlCount);
        Assert.True(bin.ConfidenceInterval.Contains(bin.Uplift));
    }

    [Fact]
    public void TreatmentOutsideBinaryNamesIndexAndAllowedSet()
    {
        var e = Assert.Throws<ArgumentException>(() => UpliftCurves.QiniCurve([0, 1, 0], [1, 2, 3], [0, 1, 3]));
        Assert.Equal("treatment", e.ParamName);
        Assert.Contains("treatment[2] is 3", e.Message);
        Assert.Contains("{0, 1}", e.Message);
    }

    [Fact]
    public void EmptyArmIsRejected() =>
        Assert.Contains("no row with value 0", Assert.Throws<ArgumentException>(() => UpliftScores.UpliftAuc([0, 1], [1, 2], [1, 1])).Message);

    [Fact]
    public void NaNUpliftIsRejected() =>
        Assert.Equal("uplift", Assert.Throws<ArgumentException>(() => UpliftScores.QiniCoefficient([0, 1], [double.NaN, 2], [0, 1])).ParamName);

    [Fact]
    public void LengthMismatchAndEmptyInputAreRejected()
    {
        Assert.Equal("treatment", Assert.Throws<ArgumentException>(() => UpliftCurves.UpliftCurve([0, 1], [1, 2], [0])).ParamName);
        Assert.Equal("yTrue", Assert.Throws<ArgumentException>(() => UpliftCurves.UpliftCurve([], [], [])).ParamName);
        Assert.Equal("yTrue", Assert.Throws<ArgumentException>(() => UpliftCurves.UpliftCurve([0, 5], [1, 2], [0, 1])).ParamName);
    }
}
