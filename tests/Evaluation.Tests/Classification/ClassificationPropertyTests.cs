using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Classification;

namespace MarketLab.Evaluation.Tests.Classification;

// Metamorphic properties, a seeded simulation of DeLong's size, and input errors.
public class ClassificationPropertyTests
{
    private static (double[] Y, double[] A, double[] B) Data(int n, int seed, double shiftA = 1, double shiftB = 1)
    {
        var sim = new Simulation(seed);
        double[] y = new double[n], a = new double[n], b = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = sim.Bernoulli(0.3);
            double common = sim.Normal();
            a[i] = Math.Round(common + shiftA * y[i] + sim.Normal(), 1);
            b[i] = Math.Round(common + shiftB * y[i] + sim.Normal(), 1);
        }
        return (y, a, b);
    }

    [Fact]
    public void AucIsInvariantToRowPermutation()
    {
        var (y, a, _) = Data(500, 1);
        var permutation = Enumerable.Range(0, y.Length).OrderBy(i => (i * 7919) % 500).ToArray();
        Tolerance.Close(RankingMetrics.RocAuc(y, a), RankingMetrics.RocAuc(permutation.Select(i => y[i]).ToArray(), permutation.Select(i => a[i]).ToArray()));
    }

    [Fact]
    public void AucAndAveragePrecisionAreInvariantToAMonotoneTransform()
    {
        var (y, a, _) = Data(500, 2);
        double[] transformed = a.Select(v => Math.Exp(3 * v) + 5).ToArray();
        Tolerance.Close(RankingMetrics.RocAuc(y, a), RankingMetrics.RocAuc(y, transformed));
        Tolerance.Close(RankingMetrics.AveragePrecision(y, a), RankingMetrics.AveragePrecision(y, transformed));
    }

    [Fact]
    public void NegatingScoresGivesOneMinusAuc()
    {
        var (y, a, _) = Data(400, 3);
        Tolerance.Close(1 - RankingMetrics.RocAuc(y, a), RankingMetrics.RocAuc(y, a.Select(v => -v).ToArray()));
    }

    [Fact]
    public void UnitWeightsEqualUnweighted()
    {
        var (y, a, _) = Data(300, 4);
        double[] ones = Enumerable.Repeat(1.0, y.Length).ToArray();
        Tolerance.Close(RankingMetrics.RocAuc(y, a), RankingMetrics.RocAuc(y, a, ones));
        Tolerance.Close(RankingMetrics.AveragePrecision(y, a), RankingMetrics.AveragePrecision(y, a, ones));
    }

    [Fact]
    public void DeLongOfIdenticalScoresCarriesZeroVariance()
    {
        var (y, a, _) = Data(200, 5);
        var r = DeLongTest.Compare(y, a, a);
        Assert.Equal(AnalysisError.ZeroVariance, r.Error);
        Assert.Equal(0, r.Difference);
    }

    /// <summary>Under H0 (equal AUCs, correlated scores) the two-sided 5% test rejects about 5% of 1000 seeded
    /// datasets; the binomial SD at 1000 runs is 0.7 points, so [3%, 7.5%] is a ±3 SD band.</summary>
    [Fact]
    public void DeLongFalsePositiveRateIsNearFivePercent()
    {
        int rejections = 0, runs = 1000;
        for (int r = 0; r < runs; r++)
        {
            var (y, a, b) = Data(200, 1000 + r, 0.8, 0.8);
            if (DeLongTest.Compare(y, a, b).PValue < 0.05) rejections++;
        }
        double rate = (double)rejections / runs;
        Assert.InRange(rate, 0.03, 0.075);
    }

    [Fact]
    public void DeLongDetectsABetterModel()
    {
        var (y, a, b) = Data(2000, 6, 1.5, 0.5);
        var r = DeLongTest.Compare(y, a, b);
        Assert.True(r.PValue < 1e-6 && r.Difference > 0 && r.ConfidenceInterval.Lower > 0);
    }

    [Fact]
    public void McNemarFromPredictionsCountsDiscordantRows()
    {
        double[] y = [1, 1, 0, 0, 1, 0], a = [1, 1, 0, 1, 0, 0], b = [1, 0, 1, 1, 1, 0];
        var r = McNemarTest.Compare(y, a, b, McNemarMethod.ChiSquare);
        Assert.Equal(2, r.OnlyACorrect);   // rows 1, 2
        Assert.Equal(1, r.OnlyBCorrect);   // row 4
        Tolerance.Close(1.0 / 3, r.Statistic);
    }

    [Fact]
    public void PairedBootstrapIsSeededAndBracketsTheDifference()
    {
        var (y, a, b) = Data(300, 7, 1.5, 0.5);
        var options = new BootstrapOptions { Resamples = 300, Method = BootstrapMethod.Percentile, Seed = 11 };
        var first = PairedBootstrap.Difference(y, a, b, (yy, s) => RankingMetrics.RocAuc(yy, s), options);
        var second = PairedBootstrap.Difference(y, a, b, (yy, s) => RankingMetrics.RocAuc(yy, s), options);
        Assert.Equal(first.Interval, second.Interval);
        Tolerance.Close(RankingMetrics.RocAuc(y, a) - RankingMetrics.RocAuc(y, b), first.Estimate);
        Assert.True(first.Interval.Contains(first.Estimate) && first.Interval.Lower > 0);
    }

    [Fact]
    public void EmptyInputIsRejected() =>
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([], [])).Message);

    [Fact]
    public void LengthMismatchNamesTheParameter() =>
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([0, 1], [0.5])).ParamName);

    [Fact]
    public void LabelOutsideBinaryNamesIndexAndAllowedSet()
    {
        var e = Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([0, 2, 1], [0.1, 0.2, 0.3]));
        Assert.Equal("yTrue", e.ParamName);
        Assert.Contains("yTrue[1] is 2", e.Message);
        Assert.Contains("{0, 1}", e.Message);
    }

    [Fact]
    public void NaNScoreIsRejected() =>
        Assert.Contains("scores[1] is NaN", Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([0, 1], [0.1, double.NaN])).Message);

    [Fact]
    public void ProbabilityOutsideUnitIntervalIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ProbabilityMetrics.LogLoss([0, 1], [0.1, 1.2]));
        Assert.Equal("probabilities", e.ParamName);
        Assert.Contains("[0, 1]", e.Message);
    }

    [Fact]
    public void NaNProbabilityIsRejected() =>
        Assert.Contains("probabilities[0] is NaN", Assert.Throws<ArgumentException>(() => ProbabilityMetrics.Calibration([0, 1], [double.NaN, 0.5])).Message);

    [Fact]
    public void SingleClassAucIsRejected() =>
        Assert.Contains("one class", Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([1, 1], [0.1, 0.2])).Message);
}
