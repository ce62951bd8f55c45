using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>Whether the reported metric should go down (log loss, RMSE) or up (AUC, accuracy).</summary>
public enum OptimizationGoal
{
    /// <summary>Smaller is better.</summary>
    Minimize,

    /// <summary>Larger is better.</summary>
    Maximize,
}
