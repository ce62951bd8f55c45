using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>How a trial ended.</summary>
public enum TrialStatus
{
    /// <summary>Trained and evaluated; the metric is meaningful.</summary>
    Succeeded,

    /// <summary>Training or evaluation failed (exception, timeout, out of memory); the tuner treats it as a bad result.</summary>
    Failed,
}
