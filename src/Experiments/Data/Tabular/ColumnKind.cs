namespace MarketLab.Experiments.Data.Tabular;

/// <summary>How AutoML featurizes a column, chosen from its type and values (<see cref="ColumnInference"/>).</summary>
public enum ColumnKind
{
    /// <summary>A number (Single); missing values (NaN) are replaced by the column mean.</summary>
    Numeric,

    /// <summary>true/false; converted to 0/1.</summary>
    Boolean,

    /// <summary>Short text from a small set of values: one-hot, or hashed one-hot above the cardinality limit.</summary>
    Categorical,

    /// <summary>Free text: word and character n-grams (FeaturizeText).</summary>
    Text,
}
