using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>How a numeric range is spread over its unit-cube coordinate.</summary>
public enum ParameterScale
{
    /// <summary>Equal steps in the value: u = (x − min) / (max − min).</summary>
    Linear,

    /// <summary>Equal steps in log(value), for ranges spanning orders of magnitude (learning rates, tree counts).</summary>
    Log,
}
