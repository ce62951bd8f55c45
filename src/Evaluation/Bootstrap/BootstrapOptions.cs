using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Bootstrap;

/// <summary>Settings of a bootstrap confidence interval; each value is checked when it is set.</summary>
/// <remarks>
/// <para><see cref="Resamples"/> defaults to 2000: Efron &amp; Tibshirani (1993, §6.4 and ch. 14) note that 25–200
/// resamples suffice for a standard error but interval endpoints, which depend on tail quantiles, need about
/// 1000 or more (BCa more than percentile, as z₀ is itself a quantile); at B = 2000 the Monte
/// Carlo error of a 2.5% quantile is small next to the sampling error for n up to several thousand, at a
/// fifth of scipy's default 9999. Raise it for extreme levels (99.9%) or for publication-grade endpoints.</para>
/// <para>Results are reproducible for a given <see cref="Seed"/> because resampling uses
/// <see cref="System.Random"/> seeded with it; they depend on .NET's seeded Random algorithm, which .NET keeps
/// stable for seeded instances but does not formally guarantee across major versions.</para>
/// </remarks>
public sealed record BootstrapOptions
{
    /// <summary>The default number of resamples.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>The smallest number of resamples accepted; fewer leave interval endpoints mostly noise.</summary>
    public const int MinResamples = 100;

    /// <summary>Number of bootstrap resamples B, at least <see cref="MinResamples"/>.</summary>
    public int Resamples
    {
        get;
        init => field = value >= MinResamples ? value
            : throw new ArgumentOutOfRangeException(nameof(Resamples), value, $"Resamples must be at least {MinResamples}.");
    } = DefaultResamples;

    /// <summary>Coverage of the interval, strictly between 0 and 1 (0.95 for a 95% interval).</summary>
    public double ConfidenceLevel
    {
        get;
        init => field = value > 0 && value < 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), value, "ConfidenceLevel must lie strictly between 0 and 1.");
    } = 0.95;

    /// <summary>Percentile or BCa.</summary>
    public BootstrapMethod Method
    {
        get;
        init => field = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Method), value, $"Method must be one of {string.Join(", ", Enum.GetNames<BootstrapMethod>())}.");
    } = BootstrapMethod.Bca;

    /// <summary>Seed of the resampling generator; the same seed, data and options give the same result.</summary>
    public int Seed { get; init; }

    /// <summary>Two-sided interval, or a one-sided bound (the other end infinite) with all of 1 − level in one tail.</summary>
    public Alternative Alternative
    {
        get;
        init => field = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Alternative), value, $"Alternative must be one of {string.Join(", ", Enum.GetNames<Alternative>())}.");
    } = Alternative.TwoSided;
}
