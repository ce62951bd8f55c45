using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>How a numeric range is spread over its unit-cube coordinate.</summary>
public enum ParameterScale
{
    /// <summary>Equal steps in the value: u = (x − min) / (max − min).</summary>
    Linear,

    /// <summary>Equal steps in log(value), for ranges spanning orders of magnitude (learning rates, tree counts).</summary>
    Log,
}
