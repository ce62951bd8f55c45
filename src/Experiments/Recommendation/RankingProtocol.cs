using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation;

/// <summary>
/// The fixed evaluation set of a split: for each evaluated user, the input history, the held-out item and the
/// sampled negatives, drawn once so that every recommender is ranked against the same candidates (paired).
/// </summary>
/// <remarks>
/// Sampled protocol (Kang &amp; McAuley 2018): the held-out item among <see cref="NegativeCount"/> items drawn
/// uniformly from the known items the user never interacted with (<see cref="NegativeSampler"/>), users in log
/// order, one <see cref="Random"/> seeded once. Full ranking: the held-out item among every known item except those
/// already in the input history (a user is not recommended what they just had; Krichene &amp; Rendle, KDD 2020,
/// argue for this unsampled form).
/// </remarks>
public sealed class RankingProtocol
{
    private RankingProtocol(LeaveOneOutSplit split, EvaluationStage stage, int negatives, int seed,
        int[][] inputs, int[] targets, int[][] sampled, string[] users, bool excludeHistory, IReadOnlyList<BehaviourEvent>[] inputEvents)
    {
        InputEvents = inputEvents;
        ExcludeHistory = excludeHistory;
        Split = split;
        Stage = stage;
        NegativeCount = negatives;
        Seed = seed;
        Inputs = inputs;
        Targets = targets;
        Negatives = sampled;
        Users = users;
    }

    public LeaveOneOutSplit Split { get; }
    public EvaluationStage Stage { get; }
    public int NegativeCount { get; }
    public int Seed { get; }

    /// <summary>Whether full ranking and top lists leave out the items of the input history (true for next-item
    /// recommendation as in the papers; false where repeats are the point: next category, next behaviour).</summary>
    public bool ExcludeHistory { get; }

    /// <summary>Whether the sampled protocol is evaluated (negatives &gt; 0).</summary>
    public bool HasSampled => NegativeCount > 0;

    /// <summary>Input history per evaluated user.</summary>
    public IReadOnlyList<int[]> Inputs { get; }

    /// <summary>Held-out item id per user (may be the rare id: a miss for every model).</summary>
    public IReadOnlyList<int> Targets { get; }

    /// <summary>Sampled negatives per user.</summary>
    public IReadOnlyList<int[]> Negatives { get; }

    /// <summary>Each evaluated user's events; the first <c>Inputs[u].Length</c> are the events behind the input history
    /// (their categories and behaviours feed <see cref="IEventAwareRecommender"/>s).</summary>
    public IReadOnlyList<IReadOnlyList<BehaviourEvent>> InputEvents { get; }

    /// <summary>The user ids, in order.</summary>
    public IReadOnlyList<string> Users { get; }

    /// <summary>Users whose held-out item has no id of its own (rare or unseen in training).</summary>
    public int UnknownTargets => Targets.Count(t => !Split.Vocabulary.IsKnown(t));

    /// <summary>Draws the negatives of every evaluated user.</summary>
    /// <param name="split">The split.</param>
    /// <param name="stage">Validation or test item.</param>
    /// <param name="negatives">Sampled negatives per user (100 in the paper); 0 evaluates full ranking only.</param>
    /// <param name="seed">Seed of the negative sampler.</param>
    /// <param name="excludeHistory">Whether full ranking leaves out the input history's items.</param>
    public static RankingProtocol Create(LeaveOneOutSplit split, EvaluationStage stage, int negatives = 100, int seed = 0, bool excludeHistory = true)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfNegative(negatives);
        var random = new Random(seed);
        var users = split.Evaluated.ToArray();
        var inputs = new int[users.Length][];
        var targets = new int[users.Length];
        var sampled = new int[users.Length][];
        int count = split.Vocabulary.Count;
        for (int u = 0; u < users.Length; u++)
        {
            var user = users[u];
            inputs[u] = stage == EvaluationStage.Test ? user.TestInput() : user.Train;
            targets[u] = stage == EvaluationStage.Test ? user.Test!.Value : user.Validation!.Value;
            var seen = new HashSet<int>(user.Train) { user.Validation!.Value, user.Test!.Value };
            sampled[u] = NegativeSampler.Draw(count, seen, negatives, random);
        }
        return new RankingProtocol(split, stage, negatives, seed, inputs, targets, sampled, users.Select(u => u.User).ToArray(), excludeHistory,
            users.Select(u => u.Events).ToArray());
    }
}
