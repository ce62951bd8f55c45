namespace MarketLab.Experiments.AutoML;

/// <summary>Options every tuner shares; validated once when the tuner is built.</summary>
public record TunerOptions
{
    /// <summary>Seed of the tuner's only random source: same seed and same calls give the same proposals.</summary>
    public int Seed { get; init; }

    /// <summary>Direction of the metric.</summary>
    public OptimizationGoal Goal { get; init; } = OptimizationGoal.Minimize;

    internal virtual void Validate()
    {
        if (!Enum.IsDefined(Goal))
            throw new ArgumentOutOfRangeException(nameof(Goal), Goal, $"Allowed: {string.Join(", ", Enum.GetNames<OptimizationGoal>())}.");
    }
}
