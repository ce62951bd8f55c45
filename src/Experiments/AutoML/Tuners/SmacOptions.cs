using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>Options of <see cref="SmacTuner"/>; defaults follow SMAC (Hutter et al., LION 2011) and SMAC3.</summary>
public sealed record SmacOptions : TunerOptions
{
    /// <summary>Trials before the surrogate is used: the default point, then random ones; 0 = max(4, d + 1).</summary>
    public int InitialTrials { get; init; }

    /// <summary>Trees of the random-forest surrogate (SMAC: 10).</summary>
    public int Trees { get; init; } = 10;

    /// <summary>Random candidates scored by expected improvement per proposal.</summary>
    public int RandomCandidates { get; init; } = 500;

    /// <summary>Best observed points used as starts of the local search on expected improvement (SMAC: 10).</summary>
    public int LocalSearchStarts { get; init; } = 5;

    /// <summary>Probability of proposing a purely random point, SMAC's interleaving that keeps it globally convergent.</summary>
    public double RandomProbability { get; init; } = 0.1;

    internal override void Validate()
    {
        base.Validate();
        if (InitialTrials < 0) throw new ArgumentOutOfRangeException(nameof(InitialTrials), InitialTrials, "Must be >= 0.");
        if (Trees < 1) throw new ArgumentOutOfRangeException(nameof(Trees), Trees, "Must be >= 1.");
        if (RandomCandidates < 1) throw new ArgumentOutOfRangeException(nameof(RandomCandidates), RandomCandidates, "Must be >= 1.");
        if (LocalSearchStarts < 0) throw new ArgumentOutOfRangeException(nameof(LocalSearchStarts), LocalSearchStarts, "Must be >= 0.");
        if (!(RandomProbability >= 0 && RandomProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(RandomProbability), RandomProbability, "Must lie in [0, 1].");
    }
}
