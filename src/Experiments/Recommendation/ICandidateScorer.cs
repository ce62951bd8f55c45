namespace MarketLab.Experiments.Recommendation;

/// <summary>
/// A recommender that scores given (user, item) pairs without scoring the whole catalogue. The evaluator ranks the
/// sampled protocol's candidates (the held-out item and its negatives) through it, so a pairwise model such as the
/// LightGBM re-ranker scores every sampled candidate itself instead of only a shortlist.
/// </summary>
public interface ICandidateScorer
{
    /// <summary>Scores <paramref name="candidates"/>[u][k] for history u into <paramref name="scores"/>[u][k] (higher: more likely next).</summary>
    /// <param name="histories">Each user's items in time order, oldest first.</param>
    /// <param name="candidates">Known item ids per user (may be empty).</param>
    /// <param name="scores">Rows at least as long as the candidate lists, filled by the call.</param>
    void ScoreCandidates(IReadOnlyList<int[]> histories, IReadOnlyList<int[]> candidates, float[][] scores);
}
