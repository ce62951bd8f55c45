using MarketLab.Evaluation.Bootstrap;

namespace MarketLab.Evaluation.OffPolicy;

/// <summary>Settings of an off-policy estimate; each value is checked when it is set.</summary>
public sealed record OffPolicyOptions
{
    /// <summary>Coverage of the normal interval, strictly between 0 and 1 (0.95 for 95%).</summary>
    public double ConfidenceLevel
    {
        get;
        init => field = value > 0 && value < 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), value, "ConfidenceLevel must lie strictly between 0 and 1.");
    } = 0.95;

    /// <summary>
    /// Clipping threshold λ of the importance weights, wᵢ = min(π(aᵢ|xᵢ)/pᵢ, λ), as <c>lambda_</c> of obp's
    /// <c>InverseProbabilityWeighting</c> and <c>DoublyRobust</c>; +∞ (the default) means no clipping. Clipping
    /// trades bias for variance. It applies to IPS and DR; SNIPS (as in obp) and the direct method ignore it.
    /// </summary>
    public double WeightClip
    {
        get;
        init => field = value > 0 && !double.IsNaN(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(WeightClip), value, "WeightClip must be positive (or +∞ for no clipping).");
    } = double.PositiveInfinity;

    /// <summary>When set, also a seeded bootstrap interval that resamples logged rounds (the ratio of SNIPS is
    /// recomputed on each resample); null (the default) skips it.</summary>
    public BootstrapOptions? Bootstrap { get; init; }
}
