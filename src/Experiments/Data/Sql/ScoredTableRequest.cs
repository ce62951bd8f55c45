namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// A scored table in a SQL source: a 0/1 outcome (click, visit), a model score (higher = target first), and for uplift
/// a 0/1 treatment column. <see cref="TieOrderColumn"/> orders rows of equal score for the decile cut (descending, as
/// scikit-uplift takes tied rows by descending row index); without it the engine breaks such ties arbitrarily.
/// </summary>
public sealed record ScoredTableRequest(
    SqlSource Source,
    SqlRelation Relation,
    string OutcomeColumn,
    string ScoreColumn,
    string? TreatmentColumn = null,
    string? TieOrderColumn = null,
    int Bins = 10)
{
    /// <summary>Largest number of bins (a literal in the NTILE call, so it is bounded here).</summary>
    public const int MaxBins = 1000;
}
