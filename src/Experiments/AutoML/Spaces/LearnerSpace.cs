using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Spaces;

/// <summary>
/// A learner and its own hyper-parameter space, as the learner selector (FLAML's ECI) sees it.
/// </summary>
/// <param name="Name">Learner name carried on each <see cref="Trial"/> (e.g. a <see cref="TrainerName"/>).</param>
/// <param name="Space">The learner's hyper-parameters; its <see cref="SearchSpace.Default"/> is the cheap start.</param>
/// <param name="RelativeCost">Prior guess of a default trial's cost relative to other learners (FLAML's
/// initial ECI factors); replaced by measured costs once the learner has run.</param>
public sealed record LearnerSpace(string Name, SearchSpace Space, double RelativeCost = 1)
{
    /// <summary>Points of <see cref="Space"/> tried right after its default (zero-shot configurations, <see cref="ZeroShotDefaults"/>).</summary>
    public IReadOnlyList<Search.ParameterSet> Starts { get; init; } = [];

    /// <summary>Checks the record once, naming the bad value.</summary>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentNullException.ThrowIfNull(Space);
        if (!(RelativeCost > 0) || !double.IsFinite(RelativeCost))
            throw new ArgumentOutOfRangeException(nameof(RelativeCost), RelativeCost, $"Learner '{Name}': relative cost must be finite and > 0.");
    }
}
