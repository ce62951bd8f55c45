using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>What a grid search does once every grid point has been proposed.</summary>
public enum GridExhaustion
{
    /// <summary><see cref="ITuner.Propose"/> returns null.</summary>
    Stop,

    /// <summary>Start again from the first grid point (useful with noisy metrics or re-sampled folds).</summary>
    Cycle,
}
