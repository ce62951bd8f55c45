namespace MarketLab.Experiments.Uplift;

/// <summary>How a set of uplift learners is compared on a randomised campaign.</summary>
public sealed record UpliftEvaluationOptions
{
    /// <summary>Share of rows held out (stratified by arm) for evaluation.</summary>
    public double TestFraction { get; init; } = 0.3;

    /// <summary>Share k of customers a campaign targets (top k by predicted uplift, or k at random).</summary>
    public double TargetFraction { get; init; } = 0.3;

    /// <summary>Seed of the split and the bootstrap.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Bootstrap resamples of the held-out rows for the Qini and AUUC intervals.</summary>
    public int BootstrapResamples { get; init; } = 200;

    public double ConfidenceLevel { get; init; } = 0.95;

    internal void Validate()
    {
        if (!(TestFraction > 0 && TestFraction < 1)) throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction, "Must lie strictly between 0 and 1.");
        if (!(TargetFraction > 0 && TargetFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(TargetFraction), TargetFraction, "Must lie in (0, 1].");
        if (BootstrapResamples < 100) throw new ArgumentOutOfRangeException(nameof(BootstrapResamples), BootstrapResamples, "Use at least 100 resamples.");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "Must lie strictly between 0 and 1.");
    }
}
