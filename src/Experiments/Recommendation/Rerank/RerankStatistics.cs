using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation.Rerank;

/// <summary>
/// The counts the re-ranker's features read: item popularity, first-order transitions i → j between consecutive
/// items (as <see cref="MarkovRecommender"/>: only into known items), co-occurrences of two items at most
/// <see cref="CooccurrenceDistance"/> positions apart in a sequence (either order; item-to-item collaborative filtering
/// in the manner of Linden et al., "Amazon.com Recommendations: Item-to-Item Collaborative Filtering", IEEE Internet
/// Computing 2003) and, where the log has them, each item's category.
/// Built from id sequences only, so the caller decides which interactions may be seen (training rows: every training
/// sequence without its target; scoring: the whole training sequences).
/// </summary>
internal sealed class RerankStatistics
{
    private static readonly Dictionary<int, int> NoRow = [];

    /// <summary>Largest distance in positions at which two items of a sequence count as co-occurring.</summary>
    public const int CooccurrenceDistance = 3;

    private RerankStatistics(float[] popularity, Dictionary<int, Dictionary<int, int>> transitions, float[] outgoing,
        Dictionary<int, Dictionary<int, int>> cooccurrences, float[] cooccurring, int[]? categories, int[] popularOrder)
    {
        Popularity = popularity;
        Transitions = transitions;
        Outgoing = outgoing;
        Cooccurrences = cooccurrences;
        Cooccurring = cooccurring;
        Categories = categories;
        PopularOrder = popularOrder;
    }

    /// <summary>Interactions per id.</summary>
    public float[] Popularity { get; }

    /// <summary>Transition counts from → (to → count).</summary>
    public Dictionary<int, Dictionary<int, int>> Transitions { get; }

    /// <summary>Transitions out of each id (into known items).</summary>
    public float[] Outgoing { get; }

    /// <summary>Co-occurrence counts i → (j → count), symmetric, known items only.</summary>
    public Dictionary<int, Dictionary<int, int>> Cooccurrences { get; }

    /// <summary>Co-occurrences of each id with any known item.</summary>
    public float[] Cooccurring { get; }

    /// <summary>The co-occurrences of <paramref name="item"/> (empty when none).</summary>
    public Dictionary<int, int> Near(int item) => Cooccurrences.TryGetValue(item, out var row) ? row : NoRow;

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
        var cooccurring = new float[vocabulary.Size];
        var transitions = new Dictionary<int, Dictionary<int, int>>();
        var cooccurrences = new Dictionary<int, Dictionary<int, int>>();
        static void Add(Dictionary<int, Dictionary<int, int>> counts, int from, int to)
        {
            if (!counts.TryGetValue(from, out var row)) counts[from] = row = [];
            row[to] = row.GetValueOrDefault(to) + 1;
        }
        foreach (var s in sequences)
            for (int t = 0; t < s.Length; t++)
            {
                int to = s[t];
                if (!vocabulary.IsKnown(to)) continue;
                popularity[to]++;
                for (int d = 1; d <= CooccurrenceDistance && t - d >= 0; d++)
                {
                    int other = s[t - d];
                    if (!vocabulary.IsKnown(other) || other == to) continue;
                    Add(cooccurrences, other, to);
                    Add(cooccurrences, to, other);
                    cooccurring[other]++;
                    cooccurring[to]++;
                }
                if (t == 0) continue;
                int from = s[t - 1];
                Add(transitions, from, to);
                outgoing[from]++;
            }
        var order = Enumerable.Range(1, vocabulary.Count).OrderByDescending(id => popularity[id]).ThenBy(id => id).ToArray();
        return new RerankStatistics(popularity, transitions, outgoing, cooccurrences, cooccurring, categories, order);
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
