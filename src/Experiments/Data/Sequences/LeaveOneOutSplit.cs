namespace MarketLab.Experiments.Data.Sequences;

/// <summary>One user under leave-one-out: training ids, then the validation and test items (null for short histories).</summary>
/// <param name="User">The user id from the log.</param>
/// <param name="Train">Item ids of every event but the last two, in time order.</param>
/// <param name="Validation">The second-to-last item, or null when the user has fewer than 3 events.</param>
/// <param name="Test">The last item, or null when the user has fewer than 3 events.</param>
/// <param name="Events">The user's events in time order (categories, behaviours, timestamps).</param>
public sealed record SplitUser(string User, int[] Train, int? Validation, int? Test, IReadOnlyList<BehaviourEvent> Events)
{
    /// <summary>Whether the user has held-out items to evaluate.</summary>
    public bool IsEvaluated => Test is not null;

    /// <summary>The input to predict the test item: training items then the validation item.</summary>
    public int[] TestInput() => Validation is int v ? [.. Train, v] : Train;
}

/// <summary>
/// Leave-one-out split of Kang &amp; McAuley (ICDM 2018, §IV-A; <c>data_partition</c> in their code): each user's last
/// item is the test item, the one before the validation item, the rest training; the item vocabulary comes from the
/// training items only, so a validation or test item never seen in training maps to <see cref="ItemVocabulary.Rare"/>.
/// </summary>
/// <remarks>
/// Users with fewer than 3 events (a single event included) are kept whole in training and not evaluated, as in
/// the reference code: they still teach the models transitions and popularity but have nothing to hold out.
/// </remarks>
public sealed class LeaveOneOutSplit
{
    private LeaveOneOutSplit(ItemVocabulary vocabulary, IReadOnlyList<SplitUser> users, TimeSplitSummary? time = null)
    {
        Vocabulary = vocabulary;
        Users = users;
        Time = time;
    }

    public ItemVocabulary Vocabulary { get; }

    /// <summary>Null for leave-one-out; how the log was cut when <see cref="TimeSplit"/> made this split.</summary>
    public TimeSplitSummary? Time { get; }

    /// <summary>All users in log order, evaluated or not.</summary>
    public IReadOnlyList<SplitUser> Users { get; }

    /// <summary>The users with validation and test items.</summary>
    public IEnumerable<SplitUser> Evaluated => Users.Where(u => u.IsEvaluated);

    /// <summary>Splits the sequences.</summary>
    /// <param name="sequences">Per-user sequences in time order (<see cref="UserSequences.Build"/>).</param>
    /// <param name="minItemCount">Training occurrences an item needs for its own id.</param>
    /// <param name="catalog">Whether only training items, or every item of the log, get an id.</param>
    /// <exception cref="ArgumentException">No sequences, or no user with 3 or more events, or
    /// <see cref="ItemCatalog.AllItems"/> with a minimum count above 1.</exception>
    public static LeaveOneOutSplit Create(IReadOnlyList<UserSequence> sequences, int minItemCount = 1, ItemCatalog catalog = ItemCatalog.TrainingItems)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("No user sequences to split.", nameof(sequences));
        if (catalog == ItemCatalog.AllItems && minItemCount != 1)
            throw new ArgumentException($"ItemCatalog.AllItems gives every item an id; minItemCount must be 1, got {minItemCount}.", nameof(minItemCount));
        static int Held(UserSequence s) => s.Events.Count >= 3 ? 2 : 0;
        // Training items first (their first-appearance order fixes the ids); with AllItems the held-out-only items follow.
        var items = sequences.SelectMany(s => s.Events.Take(s.Events.Count - Held(s)).Select(e => e.Item));
        if (catalog == ItemCatalog.AllItems) items = items.Concat(sequences.SelectMany(s => s.Events.Skip(s.Events.Count - Held(s)).Select(e => e.Item)));
        var vocabulary = ItemVocabulary.Build(items, minItemCount);
        var users = sequences.Select(s =>
        {
            int held = Held(s), n = s.Events.Count;
            int[] train = s.Events.Take(n - held).Select(e => vocabulary.IdOf(e.Item)).ToArray();
            return held == 0
                ? new SplitUser(s.User, train, null, null, s.Events)
                : new SplitUser(s.User, train, vocabulary.IdOf(s.Events[n - 2].Item), vocabulary.IdOf(s.Events[n - 1].Item), s.Events);
        }).ToArray();
        if (!users.Any(u => u.IsEvaluated))
            throw new ArgumentException($"None of the {users.Length} users has 3 or more events; leave-one-out needs a training item, a validation item and a test item.", nameof(sequences));
        return new LeaveOneOutSplit(vocabulary, users);
    }

    /// <summary>A split whose users another rule (<see cref="TimeSplit"/>) has already divided.</summary>
    internal static LeaveOneOutSplit FromUsers(ItemVocabulary vocabulary, IReadOnlyList<SplitUser> users, TimeSplitSummary time) =>
        new(vocabulary, users, time);
}
