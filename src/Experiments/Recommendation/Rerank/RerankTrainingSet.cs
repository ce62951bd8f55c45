using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation.Rerank;

/// <summary>
/// The re-ranker's training table: for every user with at least two training items, the last training item is the
/// positive and the items before it the history; negatives are drawn (seeded) from the history's candidate shortlist
/// (popular and co-occurring items, <see cref="RerankCandidates"/>) and uniformly from the known items.
/// </summary>
/// <remarks>
/// No leakage: the statistics behind these rows' features are counted on the training sequences with each row's target
/// removed, so a positive's own transition is not in its features (at scoring time the statistics are the whole
/// training sequences and the held-out transition is likewise not in them). Validation and test items are never read.
/// </remarks>
internal sealed class RerankTrainingSet
{
    private RerankTrainingSet(float[][] columns, bool[] labels, int users)
    {
        Columns = columns;
        Labels = labels;
        Users = users;
    }

    /// <summary>Feature columns (<see cref="RerankFeatures.Names"/> order).</summary>
    public float[][] Columns { get; }

    /// <summary>True for the positive rows.</summary>
    public bool[] Labels { get; }

    /// <summary>Users that contributed a positive.</summary>
    public int Users { get; }

    /// <summary>Builds the table.</summary>
    /// <exception cref="ArgumentException">No user has two training items with a known last one.</exception>
    public static RerankTrainingSet Build(LeaveOneOutSplit split, RerankerOptions options, int[]? categories)
    {
        var vocabulary = split.Vocabulary;
        var rowsUsers = split.Users.Where(u => u.Train.Length >= 2 && vocabulary.IsKnown(u.Train[^1])).ToHashSet();
        if (rowsUsers.Count == 0)
            throw new ArgumentException("No user has two or more training items ending in a known item; the re-ranker has no training rows.", nameof(split));
        var prefix = RerankStatistics.Build(split.Users.Select(u => rowsUsers.Contains(u) ? u.Train[..^1] : u.Train), vocabulary, categories);
        var random = new Random(options.Seed);
        var names = RerankFeatures.Names(categories is not null);
        int perUser = 1 + options.HardNegatives + options.UniformNegatives;
        var columns = names.Select(_ => new float[rowsUsers.Count * perUser]).ToArray();
        var labels = new bool[rowsUsers.Count * perUser];
        int row = 0;
        var chosen = new List<int>(perUser);
        foreach (var user in split.Users.Where(rowsUsers.Contains))
        {
            int[] history = user.Train[..^1];
            int target = user.Train[^1];
            var excluded = options.ExcludeHistory ? new HashSet<int>(history) : null;
            chosen.Clear();
            chosen.Add(target);
            var pool = RerankCandidates.Shortlist(prefix, history, options.HardPool, options.Window, options.Decay, excluded);
            pool.Remove(target);
            for (int k = 0; k < options.HardNegatives && pool.Count > 0; k++)
            {
                int at = random.Next(pool.Count);
                chosen.Add(pool[at]);
                pool.RemoveAt(at);
            }
            for (int k = 0, tries = 0; k < options.UniformNegatives && tries < 20 * options.UniformNegatives; tries++)
            {
                int id = random.Next(1, vocabulary.Count + 1);
                if (chosen.Contains(id) || excluded is not null && excluded.Contains(id)) continue;
                chosen.Add(id);
                k++;
            }
            RerankFeatures.Compute(prefix, options.Window, options.Decay, history, chosen.ToArray(), columns, row);
            labels[row] = true;
            row += chosen.Count;
        }
        return new RerankTrainingSet(columns.Select(c => c[..row]).ToArray(), labels[..row], rowsUsers.Count);
    }
}
