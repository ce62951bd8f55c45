using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Distributions;

/// <summary>Confidence intervals for a binomial proportion.</summary>
public static class BinomialInterval
{
    /// <summary>
    /// Wilson score interval (Wilson 1927; Brown, Cai &amp; DasGupta 2001, eq. 4), in statsmodels'
    /// <c>proportion_confint(method="wilson")</c> arithmetic.
    /// </summary>
    /// <param name="rate">Observed share of successes, in [0, 1].</param>
    /// <param name="n">Number of trials, positive.</param>
    /// <param name="z">Normal quantile of the level (1.959964 for 95% two-sided).</param>
    public static Interval Wilson(double rate, double n, double z)
    {
        double z2 = z * z, denominator = 1 + z2 / n;
        double center = (rate + z2 / (2 * n)) / denominator;
        double half = z * Math.Sqrt(rate * (1 - rate) / n + z2 / (4 * n * n)) / denominator;
        return new Interval(center - half, center + half);
    }

    /// <summary>
    /// The Wilson interval of <paramref name="successes"/> out of <paramref name="trials"/> (a held-out accuracy), clipped
    /// to [0, 1] against rounding; the BERT fit, its spec candidate and the reports use it.
    /// </summary>
    /// <param name="successes">Successes, in [0, trials].</param>
    /// <param name="trials">Trials, positive.</param>
    /// <param name="z">Normal quantile of the level (default 1.959964: 95% two-sided).</param>
    public static Interval WilsonCounts(long successes, long trials, double z = 1.959963984540054)
    {
        if (trials <= 0) throw new ArgumentOutOfRangeException(nameof(trials), trials, "trials must be positive.");
        if (successes < 0 || successes > trials) throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must be in [0, {trials}].");
        var interval = Wilson((double)successes / trials, trials, z);
        return new Interval(Math.Max(0, interval.Lower), Math.Min(1, interval.Upper));
    }
}
