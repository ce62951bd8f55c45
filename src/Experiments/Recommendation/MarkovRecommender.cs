using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation;

/// <summary>
/// First-order Markov chain over items: score(j | last item i) = number of training transitions i → j, with
/// popularity as back-off below one transition (count(i→j) + pop(j) / (max pop + 1)), so items never seen after i
/// are ordered by popularity instead of tying (the item-to-item transition baseline of FPMC, Rendle et al., WWW 2010,
/// without the factorisation). Transitions are consecutive pairs in the training sequences.
/// </summary>
public sealed class MarkovRecommender : ISequenceRecommender
{
    private readonly Dictionary<int, Dictionary<int, int>> transitions;
    private readonly float[] backoff;

    private MarkovRecommender(Dictionary<int, Dictionary<int, int>> transitions, float[] backoff)
    {
        this.transitions = transitions;
        this.backoff = backoff;
    }

    public string Name => "Markov";

    /// <summary>Counts transitions and popularity in the training sequences.</summary>
    public static MarkovRecommender Fit(LeaveOneOutSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var pop = PopularityRecommender.Fit(split).Counts;
        float max = pop.Max();
        var backoff = pop.Select(c => c / (max + 1)).ToArray();
        var transitions = new Dictionary<int, Dictionary<int, int>>();
        foreach (var user in split.Users)
            for (int t = 1; t < user.Train.Length; t++)
            {
                int from = user.Train[t - 1], to = user.Train[t];
                if (!split.Vocabulary.IsKnown(to)) continue;
                if (!transitions.TryGetValue(from, out var row)) transitions[from] = row = [];
                row[to] = row.GetValueOrDefault(to) + 1;
            }
        return new MarkovRecommender(transitions, backoff);
    }

    public void Score(IReadOnlyList<int[]> histories, float[][] scores)
    {
        for (int u = 0; u < histories.Count; u++)
        {
            backoff.CopyTo(scores[u], 0);
            int[] h = histories[u];
            if (h.Length > 0 && transitions.TryGetValue(h[^1], out var row))
                foreach (var (item, count) in row) scores[u][item] += count;
        }
    }
}
