namespace MarketLab.Experiments.Data.Tabular;

/// <summary>What inference (or an override) decided for one column, printed before an AutoML search.</summary>
/// <param name="Name">The column as named in the file.</param>
/// <param name="Kind">The decided kind.</param>
/// <param name="Distinct">Distinct present values.</param>
/// <param name="Present">Rows with a value (not missing).</param>
/// <param name="Overridden">True when the kind was set by the user (<c>--column name:kind</c>), not inferred.</param>
public sealed record InferredColumn(string Name, ColumnKind Kind, int Distinct, int Present, bool Overridden = false)
{
    /// <summary>True when a categorical column is hashed rather than one-hot encoded.</summary>
    public bool Hashed => Kind == ColumnKind.Categorical && Distinct > ColumnInference.OneHotMaxCardinality;

    /// <summary>One line for the user, e.g. <c>history_segment: categorical, one-hot (7 values)</c>.</summary>
    public string Describe() => $"{Name}: " + Kind switch
    {
        ColumnKind.Numeric => $"numeric ({Distinct} distinct values)",
        ColumnKind.Boolean => "boolean",
        ColumnKind.Categorical when Hashed => $"categorical, hashed one-hot in 2^10 slots ({Distinct} values)",
        ColumnKind.Categorical => $"categorical, one-hot ({Distinct} values)",
        ColumnKind.Text => $"free text, word and character n-grams ({Distinct} distinct values)",
        ColumnKind.Identifier => $"identifier, dropped ({Distinct} distinct values on {Present} rows: no signal that generalises)",
        ColumnKind.Date => $"date, expanded to {string.Join(", ", ColumnTyping.DateParts)}",
        _ => Kind.ToString(),
    } + (Overridden ? " [set by the user]" : "");
}
