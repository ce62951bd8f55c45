using MarketLab.Experiments.AutoML.Runner;
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
