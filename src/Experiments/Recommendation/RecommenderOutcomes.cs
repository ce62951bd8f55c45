using MarketLab.Evaluation.Ranking;

namespace MarketLab.Experiments.Recommendation;

/// <summary>Where one recommender put each user's held-out item, under both protocols, and its top-k lists.</summary>
/// <param name="Name">The recommender.</param>
/// <param name="Sampled">Outcome among the sampled negatives, per user.</param>
/// <param name="Full">Outcome among all known items not in the history, per user.</param>
/// <param name="TopLists">Each user's first <c>k</c> items of the full ranking (coverage, popularity bias).</param>
public sealed record RecommenderOutcomes(string Name, IReadOnlyList<RankOutcome> Sampled, IReadOnlyList<RankOutcome> Full,
    IReadOnlyList<IReadOnlyList<int>> TopLists);
