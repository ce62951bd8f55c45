using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>The type of a <see cref="ParameterValue"/>.</summary>
public enum ParameterKind
{
    /// <summary>A whole number (tree counts, leaf counts).</summary>
    Int,

    /// <summary>A real number (learning rates, regularisation).</summary>
    Float,

    /// <summary>One named option of a categorical choice, with the option's own nested parameters.</summary>
    Choice,
}
