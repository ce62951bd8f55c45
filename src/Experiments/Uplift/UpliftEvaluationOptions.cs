namespace MarketLab.Experiments.Uplift;

/// <summary>How a set of uplift rankings is judged on a randomised holdout.</summary>
public sealed record UpliftEvaluationOptions
{
    /// <summary>Share k of customers a campaign targets (top k by predicted uplift, or k at random).</summary>
    public double TargetFraction { get; init; } = 0.3;

    /// <summary>Seed of the bootstrap.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Bootstrap resamples of the held-out rows for the Qini and AUUC intervals; 0 for no intervals.</summary>
    public int BootstrapResamples { get; init; } = 200;

    /// <summary>Level of the bootstrap and targeting intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Margin per incremental conversion, for the profit curves.</summary>
    public double Margin { get; init; } = 1;

    /// <summary>Cost per targeted customer, for the profit curves.</summary>
    public double ContactCost { get; init; }

    internal void Validate()
    {
        if (!(TargetFraction > 0 && TargetFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(TargetFraction), TargetFraction, "Must lie in (0, 1].");
        if (BootstrapResamples is not 0 and < 100) throw new ArgumentOutOfRangeException(nameof(BootstrapResamples), BootstrapResamples, "Use 0 (no intervals) or at least 100 resamples.");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "Must lie strictly between 0 and 1.");
        if (!(double.IsFinite(Margin) && Margin >= 0)) throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "Must be a finite number ≥ 0.");
        if (!(double.IsFinite(ContactCost) && ContactCost >= 0)) throw new ArgumentOutOfRangeException(nameof(ContactCost), ContactCost, "Must be a finite number ≥ 0.");
    }
}
