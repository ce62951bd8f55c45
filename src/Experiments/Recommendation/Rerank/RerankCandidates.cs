namespace MarketLab.Experiments.Recommendation.Rerank;

/// <summary>
/// Candidate generation for the re-ranker: the Markov baseline's own top items (transitions from the last item, most
/// first, then by popularity: the order of <see cref="MarkovRecommender"/>, ties to the lower id) followed by the top
/// items by decayed transitions from the last few items that are not already in. Used for the hard training negatives
/// and, on large catalogues, as the shortlist the model re-ranks in full ranking.
/// </summary>
internal static class RerankCandidates
{
    /// <summary>Up to <paramref name="size"/> Markov candidates plus up to <paramref name="size"/>/2 by decayed transitions.</summary>
    /// <param name="stats">The counts.</param>
    /// <param name="history">The input history (may be empty: popularity alone).</param>
    /// <param name="size">Markov candidates.</param>
    /// <param name="window">Items looked back for the decayed transitions.</param>
    /// <param name="decay">Weight factor per position back.</param>
    /// <param name="skip">Ids left out (the history's items when they are excluded), or null.</param>
    public static List<int> Shortlist(RerankStatistics stats, int[] history, int size, int window, double decay, HashSet<int>? skip)
    {
        var result = new List<int>(size + size / 2);
        var taken = new HashSet<int>();
        bool Take(int id)
        {
            if (skip is not null && skip.Contains(id) || !taken.Add(id)) return false;
            result.Add(id);
            return true;
        }
        if (history.Length > 0)
            foreach (var (id, _) in stats.Row(history[^1]).OrderByDescending(p => p.Value).ThenByDescending(p => stats.Popularity[p.Key]).ThenBy(p => p.Key))
                if (result.Count < size) Take(id);
        foreach (int id in stats.PopularOrder)
        {
            if (result.Count >= size) break;
            Take(id);
        }
        int extra = size / 2, added = 0;
        var decayed = new Dictionary<int, double>();
        for (int k = 0; k < Math.Min(window, history.Length); k++)
        {
            int from = history[^(k + 1)];
            float total = stats.Outgoing[from];
            if (total <= 0) continue;
            double weight = Math.Pow(decay, k);
            foreach (var (id, count) in stats.Row(from)) decayed[id] = decayed.GetValueOrDefault(id) + weight * count / total;
        }
        foreach (var (id, _) in decayed.OrderByDescending(p => p.Value).ThenBy(p => p.Key))
        {
            if (added >= extra) break;
            if (Take(id)) added++;
        }
        return result;
    }
}
