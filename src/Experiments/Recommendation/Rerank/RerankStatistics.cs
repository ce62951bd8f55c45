using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation.Rerank;

/// <summary>
/// The counts the re-ranker's features read: item popularity, first-order transitions i → j between consecutive
/// items (as <see cref="MarkovRecommender"/>: only into known items) and, where the log has them, each item's category.
/// Built from id sequences only, so the caller decides which interactions may be seen (training rows: every training
/// sequence without its target; scoring: the whole training sequences).
/// </summary>
internal sealed class RerankStatistics
{
    private static readonly Dictionary<int, int> NoRow = [];

    private RerankStatistics(float[] popularity, Dictionary<int, Dictionary<int, int>> transitions, float[] outgoing, int[]? categories, int[] popularOrder)
    {
        Popularity = popularity;
        Transitions = transitions;
        Outgoing = outgoing;
        Categories = categories;
        PopularOrder = popularOrder;
    }

    /// <summary>Interactions per id.</summary>
    public float[] Popularity { get; }

    /// <summary>Transition counts from → (to → count).</summary>
    public Dictionary<int, Dictionary<int, int>> Transitions { get; }

    /// <summary>Transitions out of each id (into known items).</summary>
    public float[] Outgoing { get; }

    /// <summary>Category index per id (−1 unknown), or null when the features leave categories out.</summary>
    public int[]? Categories { get; }

    /// <summary>Known ids by popularity, most popular first (ties: lower id first).</summary>
    public int[] PopularOrder { get; }

    /// <summary>The transitions out of <paramref name="from"/> (empty when none).</summary>
    public Dictionary<int, int> Row(int from) => Transitions.TryGetValue(from, out var row) ? row : NoRow;

    /// <summary>Counts <paramref name="sequences"/> (ids of <paramref name="vocabulary"/>).</summary>
    public static RerankStatistics Build(IEnumerable<int[]> sequences, ItemVocabulary vocabulary, int[]? categories)
    {
        var popularity = new float[vocabulary.Size];
        var outgoing = new float[vocabulary.Size];
        var transitions = new Dictionary<int, Dictionary<int, int>>();
        foreach (var s in sequences)
            for (int t = 0; t < s.Length; t++)
            {
                int to = s[t];
                if (!vocabulary.IsKnown(to)) continue;
                popularity[to]++;
                if (t == 0) continue;
                int from = s[t - 1];
                if (!transitions.TryGetValue(from, out var row)) transitions[from] = row = [];
                row[to] = row.GetValueOrDefault(to) + 1;
                outgoing[from]++;
            }
        var order = Enumerable.Range(1, vocabulary.Count).OrderByDescending(id => popularity[id]).ThenBy(id => id).ToArray();
        return new RerankStatistics(popularity, transitions, outgoing, categories, order);
    }

    /// <summary>
    /// Each id's category from the training events of <paramref name="split"/> (its first one), or null when the log has
    /// no categories or the "items" are not items with one category each: more than 1% of the known ids seen under two or
    /// more categories (next behaviour: pv occurs in every category). On Taobao one item of 55,233 has two categories.
    /// </summary>
    public static int[]? CategoriesOf(LeaveOneOutSplit split)
    {
        var vocabulary = split.Vocabulary;
        var first = new int[vocabulary.Size];
        Array.Fill(first, -1);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int conflicting = 0;
        var conflicted = new bool[vocabulary.Size];
        foreach (var user in split.Users)
            for (int t = 0; t < user.Train.Length; t++)
            {
                string? category = user.Events[t].Category;
                if (category is null) return null;
                int id = user.Train[t];
                if (!vocabulary.IsKnown(id)) continue;
                if (!index.TryGetValue(category, out int c)) index[category] = c = index.Count;
                if (first[id] < 0) first[id] = c;
                else if (first[id] != c && !conflicted[id]) { conflicted[id] = true; conflicting++; }
            }
        return index.Count == 0 || conflicting > 0.01 * vocabulary.Count ? null : first;
    }
}
