using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation;

/// <summary>
/// A recommender that reads more of each input event than its item id (SASRec with category or behaviour embeddings).
/// <see cref="RecommenderEvaluator"/> hands it the events behind each history when <see cref="NeedsEvents"/> is true.
/// </summary>
public interface IEventAwareRecommender : ISequenceRecommender
{
    /// <summary>Whether scoring needs the events (false: the item ids are enough and the plain overload works).</summary>
    bool NeedsEvents { get; }

    /// <summary>Scores as <see cref="ISequenceRecommender.Score"/>; <paramref name="events"/>[u] begins with the
    /// <c>histories[u].Length</c> events whose items are <paramref name="histories"/>[u] (later events are ignored).</summary>
    void Score(IReadOnlyList<int[]> histories, IReadOnlyList<IReadOnlyList<BehaviourEvent>> events, float[][] scores);
}
