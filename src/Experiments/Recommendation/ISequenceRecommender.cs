namespace MarketLab.Experiments.Recommendation;

/// <summary>
/// A next-item recommender over item-id histories (ids of an <see cref="Data.Sequences.ItemVocabulary"/>: 0 padding,
/// 1..Count items, Count + 1 the rare id). Higher scores mean more likely next.
/// </summary>
public interface ISequenceRecommender
{
    /// <summary>The name shown in metric tables.</summary>
    string Name { get; }

    /// <summary>Scores every id for each history: row u, column id (columns 0 and Count + 1 are ignored).</summary>
    /// <param name="histories">Each user's items in time order, oldest first.</param>
    /// <param name="scores">Rows of length vocabulary Size, filled by the call (the caller reuses them).</param>
    void Score(IReadOnlyList<int[]> histories, float[][] scores);
}
