using MarketLab.Evaluation.Distributions;

namespace MarketLab.Experiments.Bert.Training;

/// <summary>Wilson score interval for a binomial proportion (Wilson 1927; Brown, Cai &amp; DasGupta 2001, eq. 4).</summary>
public static class WilsonInterval
{
    /// <summary>(low, high) for <paramref name="successes"/> of <paramref name="trials"/> at z (1.959964 = 95%).</summary>
    public static (double Low, double High) Compute(long successes, long trials, double z = 1.959963984540054)
    {
        if (trials <= 0) throw new ArgumentOutOfRangeException(nameof(trials), trials, "trials must be positive.");
        if (successes < 0 || successes > trials) throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must be in [0, {trials}].");
        var interval = BinomialInterval.Wilson((double)successes / trials, trials, z);
        return (Math.Max(0, interval.Lower), Math.Min(1, interval.Upper));
    }
}
