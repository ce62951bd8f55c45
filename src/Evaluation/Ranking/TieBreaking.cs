namespace MarketLab.Evaluation.Ranking;

/// <summary>How a held-out item tied with other candidates is placed.</summary>
/// <remarks>
/// Ties matter: a popularity recommender ties every item with the same count, and a Markov chain gives most items
/// zero. Reading ties from an unstable sort (as <c>argsort</c> in the SASRec reference code does) makes the metric
/// depend on the sort algorithm; <see cref="Expected"/> removes that noise exactly.
/// </remarks>
public enum TieBreaking
{
    /// <summary>The expectation under a uniformly random order of the tied block: the item's position is uniform on
    /// {Higher, …, Higher + Tied} and each metric is averaged over those positions (the default).</summary>
    Expected,

    /// <summary>Ties break against the held-out item (position Higher + Tied): a lower bound.</summary>
    Pessimistic,

    /// <summary>Ties break in its favour (position Higher): an upper bound, flattering for constant scorers.</summary>
    Optimistic,
}
