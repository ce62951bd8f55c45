using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>Options of the cost-frugal local search (<see cref="CfoTuner"/>, and each learner of <see cref="EciTuner"/>).</summary>
public sealed record CfoOptions : TunerOptions
{
    /// <summary>Initial step size δ in unit-cube distance; null = 0.1·√d, FLAML's default.</summary>
    public double? InitialStep { get; init; }

    /// <summary>When δ falls below this the search has converged and restarts from a random point (FLAML: 1e-4).</summary>
    public double StepLowerBound { get; init; } = 1e-4;

    internal override void Validate()
    {
        base.Validate();
        if (InitialStep is { } s && !(s > 0 && double.IsFinite(s)))
            throw new ArgumentOutOfRangeException(nameof(InitialStep), s, "Must be finite and > 0.");
        if (!(StepLowerBound > 0 && double.IsFinite(StepLowerBound)))
            throw new ArgumentOutOfRangeException(nameof(StepLowerBound), StepLowerBound, "Must be finite and > 0.");
    }
}
