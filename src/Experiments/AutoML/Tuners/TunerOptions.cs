using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

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
