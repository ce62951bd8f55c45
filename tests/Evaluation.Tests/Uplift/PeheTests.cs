using MarketLab.Evaluation.Uplift;

namespace MarketLab.Evaluation.Tests.Uplift;

public class PeheTests
{
    [Fact]
    public void HandComputedExample()
    {
        // Squared errors 0.01, 0.04 and 0: mean 0.05 / 3, root 0.1290994448735806 (by hand: sqrt(1/60)).
        Assert.Equal(Math.Sqrt(1.0 / 60), UpliftScores.Pehe([0.1, 0.3, -0.2], [0.0, 0.5, -0.2]), 15);
    }

    [Fact]
    public void ConstantOffsetGivesItsSizeAndSimulatedNoiseItsStandardDeviation()
    {
        double[] truth = Enumerable.Range(0, 1000).Select(i => Math.Sin(i)).ToArray();
        Assert.Equal(0.25, UpliftScores.Pehe(truth.Select(t => t + 0.25).ToArray(), truth), 12);
        var random = new Random(7);
        // Gaussian estimation noise of standard deviation 0.1 (Box-Muller): PEHE estimates it (n = 20,000, SE ~ 0.0005).
        double[] truthLarge = Enumerable.Range(0, 20_000).Select(i => Math.Cos(i)).ToArray();
        double[] noisy = truthLarge.Select(t => t + 0.1 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();
        Assert.InRange(UpliftScores.Pehe(noisy, truthLarge), 0.098, 0.102);
    }

    [Fact]
    public void BadInputIsNamed()
    {
        Assert.Contains("must pair row by row", Assert.Throws<ArgumentException>(() => UpliftScores.Pehe([1.0], [1.0, 2.0])).Message);
        Assert.Contains("at least one row", Assert.Throws<ArgumentException>(() => UpliftScores.Pehe([], [])).Message);
        Assert.Contains("Row 1", Assert.Throws<ArgumentException>(() => UpliftScores.Pehe([0.0, double.NaN], [0.0, 0.0])).Message);
    }
}
