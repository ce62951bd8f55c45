namespace MarketLab.Experiments.Recommendation.Rerank;

/// <summary>
/// The candidate features of a (history, item) pair, in the spirit of the hand-made features of two-stage
/// recommenders (candidate generation, then a learned ranker; Covington et al., "Deep Neural Networks for YouTube
/// Recommendations", RecSys 2016, §4). With h the history (h₁ = last item), j the candidate and T, out the transition
/// counts of <see cref="RerankStatistics"/>:
/// <list type="bullet">
/// <item><c>log_popularity</c> = ln(1 + count(j))</item>
/// <item><c>last_transitions</c> = ln(1 + T(h₁ → j)); <c>last_transition_share</c> = T(h₁ → j) / out(h₁) (0 when out is 0)</item>
/// <item><c>window_transitions</c> = Σ_{k=1..W} decay^(k−1) · T(h_k → j) / out(h_k) over the last W items</item>
/// <item><c>last_cooccurrences</c> = ln(1 + C(h₁, j)); <c>window_cooccurrences</c> = Σ_{k=1..W} decay^(k−1) · C(h_k, j) / C(h_k)
/// with C the co-occurrence counts within <see cref="RerankStatistics.CooccurrenceDistance"/> positions</item>
/// <item><c>history_count</c> = occurrences of j in h; <c>inverse_recency</c> = 1 / (positions back to j's last
/// occurrence, 1 = the last item), 0 when j is not in h</item>
/// <item><c>log_history_length</c> = ln(1 + |h|)</item>
/// <item>with categories: <c>same_category_as_last</c> (0/1) and <c>window_category_share</c> = share of the last W items
/// in j's category</item>
/// </list>
/// </summary>
internal static class RerankFeatures
{
    private static readonly string[] Base =
        ["log_popularity", "last_transitions", "last_transition_share", "window_transitions", "history_count", "inverse_recency", "log_history_length",
         "last_cooccurrences", "window_cooccurrences"];

    private static readonly string[] WithCategories = [.. Base, "same_category_as_last", "window_category_share"];

    /// <summary>The column names, in order.</summary>
    public static string[] Names(bool categories) => categories ? WithCategories : Base;

    /// <summary>
    /// Writes the features of (<paramref name="history"/>, each of <paramref name="candidates"/>) into
    /// <paramref name="columns"/>[f][<paramref name="offset"/> + k].
    /// </summary>
    public static void Compute(RerankStatistics stats, int window, double decay, int[] history, ReadOnlySpan<int> candidates, float[][] columns, int offset)
    {
        int n = history.Length, w = Math.Min(window, n);
        var last = new Dictionary<int, (int Back, int Count)>(n);
        for (int p = 0; p < n; p++) last[history[p]] = (n - p, last.GetValueOrDefault(history[p]).Count + 1);
        var rows = new Dictionary<int, int>[w];
        var near = new Dictionary<int, int>[w];
        var nearTotals = new float[w];
        var outs = new float[w];
        var weights = new float[w];
        for (int k = 0; k < w; k++)
        {
            int item = history[n - 1 - k];
            rows[k] = stats.Row(item);
            outs[k] = stats.Outgoing[item];
            near[k] = stats.Near(item);
            nearTotals[k] = stats.Cooccurring[item];
            weights[k] = (float)Math.Pow(decay, k);
        }
        float logLength = MathF.Log(1 + n);
        var categories = stats.Categories;
        for (int c = 0; c < candidates.Length; c++)
        {
            int j = candidates[c], at = offset + c;
            columns[0][at] = MathF.Log(1 + stats.Popularity[j]);
            float lastCount = w > 0 ? rows[0].GetValueOrDefault(j) : 0;
            columns[1][at] = MathF.Log(1 + lastCount);
            columns[2][at] = w > 0 && outs[0] > 0 ? lastCount / outs[0] : 0;
            float decayed = 0;
            for (int k = 0; k < w; k++)
                if (outs[k] > 0 && rows[k].TryGetValue(j, out int count)) decayed += weights[k] * count / outs[k];
            columns[3][at] = decayed;
            var (back, seen) = last.GetValueOrDefault(j);
            columns[4][at] = seen;
            columns[5][at] = seen > 0 ? 1f / back : 0;
            columns[6][at] = logLength;
            columns[7][at] = w > 0 ? MathF.Log(1 + near[0].GetValueOrDefault(j)) : 0;
            float around = 0;
            for (int k = 0; k < w; k++)
                if (nearTotals[k] > 0 && near[k].TryGetValue(j, out int count)) around += weights[k] * count / nearTotals[k];
            columns[8][at] = around;
            if (categories is null) continue;
            int cj = categories[j];
            columns[9][at] = w > 0 && cj >= 0 && categories[history[n - 1]] == cj ? 1 : 0;
            int same = 0;
            for (int k = 0; k < w; k++) if (cj >= 0 && categories[history[n - 1 - k]] == cj) same++;
            columns[10][at] = w > 0 ? (float)same / w : 0;
        }
    }
}
