using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>How one feature column is featurized.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Kind">The chosen featurization.</param>
/// <param name="Cardinality">Distinct values (categorical and text columns; 0 otherwise).</param>
public sealed record ColumnPlan(string Name, ColumnKind Kind, int Cardinality = 0)
{
    /// <summary>True when a categorical column is hashed rather than one-hot encoded.</summary>
    public bool Hashed => Kind == ColumnKind.Categorical && Cardinality > ColumnInference.OneHotMaxCardinality;
}
