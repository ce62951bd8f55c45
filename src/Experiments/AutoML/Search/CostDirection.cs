using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>
/// Which end of a numeric range makes a trial cheap. Cost-frugal search (CFO, Wu et al. AAAI 2021)
/// starts at the cheap end and only pays for capacity that improves the metric.
/// </summary>
public enum CostDirection
{
    /// <summary>The value does not drive training cost (regularisation strengths, fractions of little effect).</summary>
    None,

    /// <summary>Small values are cheap (number of trees, number of leaves).</summary>
    LowIsCheap,

    /// <summary>Large values are cheap (minimum examples per leaf, learning rate: fewer splits or fewer passes).</summary>
    HighIsCheap,
}
