using MarketLab.Evaluation.Ranking;

namespace MarketLab.Experiments.Recommendation;

/// <summary>Scores every user of a <see cref="RankingProtocol"/> with a recommender and records the outcomes.</summary>
public static class RecommenderEvaluator
{
    /// <summary>Users scored per call of <see cref="ISequenceRecommender.Score"/>.</summary>
    public const int BatchSize = 256;

    /// <summary>Ranks each held-out item; ties are kept as ties (the metrics resolve them). A recommender that is also an
    /// <see cref="ICandidateScorer"/> scores the sampled candidates (held-out item and negatives) through it.</summary>
    /// <param name="recommender">The model.</param>
    /// <param name="protocol">Users, inputs, targets and negatives.</param>
    /// <param name="topK">Length of the recorded top lists.</param>
    public static RecommenderOutcomes Evaluate(ISequenceRecommender recommender, RankingProtocol protocol, int topK = 10)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(protocol);
        var vocabulary = protocol.Split.Vocabulary;
        int n = protocol.Inputs.Count, items = vocabulary.Count;
        var sampled = new RankOutcome[n];
        var full = new RankOutcome[n];
        var lists = new IReadOnlyList<int>[n];
        var rows = Enumerable.Range(0, BatchSize).Select(_ => new float[vocabulary.Size]).ToArray();
        var negativeScores = new float[protocol.NegativeCount];
        var history = new bool[vocabulary.Size];   // the current user's input items other than the target
        for (int start = 0; start < n; start += BatchSize)
        {
            int count = Math.Min(BatchSize, n - start);
            var batch = new int[count][];
            for (int i = 0; i < count; i++) batch[i] = protocol.Inputs[start + i];
            var view = rows.AsSpan(0, count).ToArray();
            if (recommender is IEventAwareRecommender { NeedsEvents: true } aware)
                aware.Score(batch, Enumerable.Range(start, count).Select(u => protocol.InputEvents[u]).ToArray(), view);
            else recommender.Score(batch, view);
            float[][]? pairScores = null;
            if (recommender is ICandidateScorer pairs && protocol.HasSampled)
            {
                var candidates = new int[count][];
                for (int i = 0; i < count; i++)
                {
                    int target = protocol.Targets[start + i];
                    candidates[i] = vocabulary.IsKnown(target) ? [target, .. protocol.Negatives[start + i]] : [];
                }
                pairScores = candidates.Select(l => new float[l.Length]).ToArray();
                pairs.ScoreCandidates(batch, candidates, pairScores);
            }
            for (int i = 0; i < count; i++)
            {
                int u = start + i, target = protocol.Targets[u];
                float[] s = view[i];
                int inHistory = 0;
                if (protocol.ExcludeHistory)
                    foreach (int id in batch[i])
                        if (id != target && vocabulary.IsKnown(id) && !history[id]) { history[id] = true; inHistory++; }
                lists[u] = Top(s, items, history, topK);
                int candidates = items - 1 - inHistory;
                if (!vocabulary.IsKnown(target))
                {
                    sampled[u] = RankOutcome.Miss(protocol.NegativeCount);
                    full[u] = RankOutcome.Miss(candidates);
                    foreach (int id in batch[i]) history[id] = false;
                    continue;
                }
                int[] negatives = protocol.Negatives[u];
                if (pairScores is not null)
                {
                    Array.Copy(pairScores[i], 1, negativeScores, 0, negatives.Length);
                    sampled[u] = RankOutcome.FromScores(pairScores[i][0], negativeScores);
                }
                else
                {
                    for (int j = 0; j < negatives.Length; j++) negativeScores[j] = s[negatives[j]];
                    sampled[u] = RankOutcome.FromScores(s[target], negativeScores);
                }
                full[u] = FullOutcome(s, target, items, history, candidates);
                foreach (int id in batch[i]) history[id] = false;
            }
        }
        return new RecommenderOutcomes(recommender.Name, sampled, full, lists);
    }

    private static RankOutcome FullOutcome(float[] s, int target, int items, bool[] history, int candidates)
    {
        float t = s[target];
        if (!float.IsFinite(t)) throw new ArgumentException($"The recommender scored item {target} as {t}; scores must be finite.");
        int higher = 0, tied = 0;
        for (int id = 1; id <= items; id++)
        {
            if (id == target || history[id]) continue;
            float v = s[id];
            if (v > t) higher++;
            else if (v == t) tied++;
            else if (float.IsNaN(v)) throw new ArgumentException($"The recommender scored item {id} as NaN; scores must be finite.");
        }
        return new RankOutcome(higher, tied, candidates);
    }

    // The k best ids outside the history; equal scores go to the lower id, so lists are deterministic.
    private static int[] Top(float[] s, int items, bool[] history, int k)
    {
        var best = new List<int>(k + 1);
        for (int id = 1; id <= items; id++)
        {
            if (history[id]) continue;
            if (best.Count == k && !(s[id] > s[best[^1]])) continue;
            int at = best.Count;
            while (at > 0 && s[id] > s[best[at - 1]]) at--;
            best.Insert(at, id);
            if (best.Count > k) best.RemoveAt(k);
        }
        return best.ToArray();
    }
}
