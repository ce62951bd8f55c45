using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>One configuration to train and evaluate.</summary>
/// <param name="Id">Unique per tuner, increasing from 0 in proposal order; the key for <see cref="TrialResult.TrialId"/>.</param>
/// <param name="Parameters">The hyper-parameters (for a learner selector: the chosen learner's own).</param>
/// <param name="Learner">The learner chosen by a learner selector (<see cref="EciTuner"/>); null for single-space tuners.</param>
public sealed record Trial(int Id, ParameterSet Parameters, string? Learner = null)
{
    /// <summary>How long this trial may run (set by the runner from <see cref="Runner.TrialTimeoutPolicy"/>); null = the options' fixed timeout.</summary>
    public TimeSpan? Timeout { get; init; }
}
