namespace MarketLab.Experiments.Data.Tabular;

/// <summary>How AutoML featurizes a column, chosen from its type and values (<see cref="ColumnInference"/>).</summary>
public enum ColumnKind
{
    /// <summary>A number (Single); missing values (NaN) are replaced by the column mean.</summary>
    Numeric,

    /// <summary>true/false (or yes/no); converted to 0/1.</summary>
    Boolean,

    /// <summary>Short text from a small set of values: one-hot, or hashed one-hot above the cardinality limit.</summary>
    Categorical,

    /// <summary>Free text: word and character n-grams (AutoML: TF-IDF, TfIdfTextEstimator).</summary>
    Text,

    /// <summary>A key with a different value on every row (a customer id, an e-mail): no signal that generalises; dropped with a note.</summary>
    Identifier,

    /// <summary>A calendar date or time stamp: expanded into numeric parts (<see cref="ColumnTyping.DateParts"/>).</summary>
    Date,
}
