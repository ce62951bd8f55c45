using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Tests.AbTesting;

// Seeded Monte Carlo checks of the fixed-horizon tests. With 4,000 experiments the standard error of a
// 0.05 rate is 0.0034 and of a 0.95 coverage also 0.0034, so the bands [0.04, 0.06] and [0.94, 0.96]
// are about ±3 standard errors.
public class FrequentistSimulationTests
{
    private const int Experiments = 4000;

    [Fact]
    public void WelchAaFalsePositiveRateIsNominal()
    {
        var sim = new Simulation(11);
        int rejections = 0;
        for (int e = 0; e < Experiments; e++)
        {
            // Unequal sizes and variances: the case Welch's test is for.
            var control = Draw(sim, 60, () => sim.Normal(10, 2));
            var treatment = Draw(sim, 90, () => sim.Normal(10, 5));
            if (Test(control, treatment, MetricKind.Mean).PValue < 0.05) rejections++;
        }
        AssertRate(rejections, 0.04, 0.06, "Welch A/A false-positive rate");
    }

    [Fact]
    public void TwoProportionAaFalsePositiveRateIsNominal()
    {
        var sim = new Simulation(12);
        int rejections = 0;
        for (int e = 0; e < Experiments; e++)
        {
            var control = Draw(sim, 1500, () => sim.Bernoulli(0.08));
            var treatment = Draw(sim, 1500, () => sim.Bernoulli(0.08));
            if (Test(control, treatment, MetricKind.Proportion).PValue < 0.05) rejections++;
        }
        AssertRate(rejections, 0.04, 0.06, "two-proportion A/A false-positive rate");
    }

    [Fact]
    public void RatioIntervalsCoverTheTrueLift()
    {
        // Clicks ~ Poisson(0.1 · impressions) in control and 0.12 in treatment: true relative lift 20%,
        // true absolute lift 0.02 clicks per impression.
        var sim = new Simulation(13);
        int coveredAbsolute = 0, coveredRelative = 0;
        for (int e = 0; e < Experiments; e++)
        {
            var control = DrawRatio(sim, 800, 0.10);
            var treatment = DrawRatio(sim, 800, 0.12);
            var result = Test(control, treatment, MetricKind.Ratio);
            if (result.AbsoluteInterval.Contains(0.02)) coveredAbsolute++;
            if (result.RelativeInterval.Contains(0.2)) coveredRelative++;
        }
        AssertRate(coveredAbsolute, 0.94, 0.96, "ratio absolute-lift coverage");
        AssertRate(coveredRelative, 0.94, 0.96, "ratio relative-lift coverage");
    }

    [Fact]
    public void WelchIntervalsCoverTheTrueLift()
    {
        var sim = new Simulation(14);
        int covered = 0, coveredRelative = 0;
        for (int e = 0; e < Experiments; e++)
        {
            var control = Draw(sim, 400, () => sim.Exponential(20));
            var treatment = Draw(sim, 400, () => sim.Exponential(22));
            var result = Test(control, treatment, MetricKind.Mean);
            if (result.AbsoluteInterval.Contains(2)) covered++;
            if (result.RelativeInterval.Contains(0.1)) coveredRelative++;
        }
        AssertRate(covered, 0.94, 0.96, "Welch absolute-lift coverage");
        AssertRate(coveredRelative, 0.94, 0.96, "Welch relative-lift coverage");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void CupedReducesVarianceByRhoSquared(double rho)
    {
        // y = ρ x + sqrt(1 − ρ²) ε with x, ε standard normal, so corr(y, x) = ρ and CUPED should remove
        // a share ρ² of Var(Δ) (Deng et al. 2013, §3.2).
        var sim = new Simulation(15);
        double reduction = 0, adjustedDiffs = 0, adjustedSquares = 0;
        const int runs = 200;
        for (int e = 0; e < runs; e++)
        {
            var control = DrawCorrelated(sim, 2000, rho);
            var treatment = DrawCorrelated(sim, 2000, rho);
            var effect = EffectEstimate.Compute(
                MetricEstimator.Estimate(control, MetricKind.Mean, true),
                MetricEstimator.Estimate(treatment, MetricKind.Mean, true));
            reduction += effect.VarianceReduction;
            adjustedDiffs += effect.Absolute;
            adjustedSquares += effect.Absolute * effect.Absolute;
        }
        Assert.InRange(reduction / runs, rho * rho - 0.01, rho * rho + 0.01);
        // The empirical variance of the adjusted difference matches (1 − ρ²) · 2/n.
        double mean = adjustedDiffs / runs;
        double empirical = adjustedSquares / runs - mean * mean;
        double expected = (1 - rho * rho) * 2.0 / 2000;
        Assert.InRange(empirical / expected, 0.8, 1.2);
    }

    private static FrequentistResult Test(SufficientStatistics control, SufficientStatistics treatment, MetricKind kind) =>
        FrequentistTest.Evaluate(EffectEstimate.Compute(
            MetricEstimator.Estimate(control, kind, false),
            MetricEstimator.Estimate(treatment, kind, false),
            pooledNullVariance: kind == MetricKind.Proportion));

    private static SufficientStatistics Draw(Simulation sim, int n, Func<double> draw)
    {
        var acc = new MomentAccumulator(1);
        for (int i = 0; i < n; i++) acc.Add(draw());
        return acc.ToStatistics();
    }

    private static SufficientStatistics DrawRatio(Simulation sim, int n, double rate)
    {
        var acc = new MomentAccumulator(2);
        for (int i = 0; i < n; i++)
        {
            double impressions = 1 + sim.Poisson(8);
            acc.Add([sim.Poisson(rate * impressions), impressions]);
        }
        return acc.ToStatistics();
    }

    private static SufficientStatistics DrawCorrelated(Simulation sim, int n, double rho)
    {
        var acc = new MomentAccumulator(2);
        double noise = Math.Sqrt(1 - rho * rho);
        for (int i = 0; i < n; i++)
        {
            double x = sim.Normal();
            acc.Add([rho * x + noise * sim.Normal(), x]);
        }
        return acc.ToStatistics();
    }

    private static void AssertRate(int hits, double low, double high, string what)
    {
        double rate = (double)hits / Experiments;
        Assert.True(rate >= low && rate <= high, $"{what} = {rate:F4}, expected within [{low}, {high}]");
    }
}
