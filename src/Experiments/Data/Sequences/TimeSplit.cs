namespace MarketLab.Experiments.Data.Sequences;

/// <summary>
/// A global time-based split: events before the cut instant train, and each user's first event at or after it is
/// that user's test item, so every test item lies later than every training event (the "global temporal split" that
/// Sun et al., "Take a Fresh Look at Recommender Systems from an Evaluation Standpoint", SIGIR 2023, recommend over
/// leave-one-out, which lets training see interactions later than a test item of another user).
/// </summary>
/// <remarks>
/// The result is the same <see cref="LeaveOneOutSplit"/> type the models and the ranking protocol consume, filled by
/// the time rule: for an evaluated user, <c>Train</c> = the events before the cut except the last one, which becomes the
/// validation item (the role it has under leave-one-out: SASRec's validation, never a test input's target), and
/// <c>Test</c> = the first event at or after the cut; the test input is therefore every event before the cut. Later
/// events of the user are dropped. Users with all events after the cut have no training history and are skipped;
/// users with one event before the cut, or none after it, stay whole in training without being evaluated; all are
/// counted in <see cref="TimeSplitSummary"/>. Events with the same timestamp fall on the same side of the cut and keep
/// their file order (<see cref="UserSequences.Build"/>). A log without timestamps (the Amazon pair format) is an error.
/// </remarks>
public static class TimeSplit
{
    /// <summary>Splits the sequences at <paramref name="cut"/>.</summary>
    /// <param name="sequences">Per-user sequences in time order (<see cref="UserSequences.Build"/>).</param>
    /// <param name="cut">An instant or a fraction of the events.</param>
    /// <param name="minItemCount">Training occurrences an item needs for its own id.</param>
    /// <param name="catalog">Whether only training items, or every item that is trained on or held out, get an id.</param>
    /// <param name="name">The log's name, for errors.</param>
    /// <exception cref="ArgumentException">Untimed events, no sequences, or no user evaluable at this cut.</exception>
    public static LeaveOneOutSplit Create(IReadOnlyList<UserSequence> sequences, TimeCut cut, int minItemCount = 1,
        ItemCatalog catalog = ItemCatalog.TrainingItems, string name = "log")
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(cut);
        if (sequences.Count == 0) throw new ArgumentException("No user sequences to split.", nameof(sequences));
        if (catalog == ItemCatalog.AllItems && minItemCount != 1)
            throw new ArgumentException($"ItemCatalog.AllItems gives every item an id; minItemCount must be 1, got {minItemCount}.", nameof(minItemCount));
        var untimed = sequences.SelectMany(s => s.Events).FirstOrDefault(e => e.Timestamp is null);
        if (untimed is not null)
            throw new ArgumentException($"{name}:{untimed.Line}: the event has no timestamp; a time split needs a timed log (the Taobao CSV format). " +
                "The 'user item' pair format (Amazon Games) only has an order: use the leave-one-out split.", nameof(sequences));
        long at = cut.Resolve(sequences.SelectMany(s => s.Events).Select(e => e.Timestamp!.Value).ToArray());

        int before = 0, after = 0, skipped = 0, shortUsers = 0, trainingOnly = 0;
        var parts = new List<(UserSequence Sequence, int Before, bool Evaluated)>();
        foreach (var s in sequences)
        {
            int b = s.Events.Count(e => e.Timestamp!.Value < at);   // sorted by time, so these come first
            before += b;
            after += s.Events.Count - b;
            if (b == 0) { skipped++; continue; }
            bool hasAfter = b < s.Events.Count;
            if (!hasAfter) trainingOnly++;
            else if (b == 1) shortUsers++;
            parts.Add((s, b, hasAfter && b >= 2));
        }
        int evaluated = parts.Count(p => p.Evaluated);
        var summary = new TimeSplitSummary(cut.Text, at, before, after, evaluated, skipped, shortUsers, trainingOnly);
        if (evaluated == 0)
            throw new ArgumentException($"{name}: no user can be evaluated with the cut at {summary.CutText}: {summary}. " +
                "A user needs 2 events before the cut and one after it; move the cut.", nameof(cut));

        int TrainCount((UserSequence Sequence, int Before, bool Evaluated) p) => p.Evaluated ? p.Before - 1 : p.Before;
        var items = parts.SelectMany(p => p.Sequence.Events.Take(TrainCount(p)).Select(e => e.Item));
        if (catalog == ItemCatalog.AllItems)
            items = items.Concat(parts.Where(p => p.Evaluated).SelectMany(p => p.Sequence.Events.Skip(p.Before - 1).Take(2).Select(e => e.Item)));
        var vocabulary = ItemVocabulary.Build(items, minItemCount);
        var users = parts.Select(p =>
        {
            var events = p.Sequence.Events;
            int train = TrainCount(p);
            int[] ids = events.Take(train).Select(e => vocabulary.IdOf(e.Item)).ToArray();
            return p.Evaluated
                ? new SplitUser(p.Sequence.User, ids, vocabulary.IdOf(events[p.Before - 1].Item), vocabulary.IdOf(events[p.Before].Item), events.Take(p.Before + 1).ToArray())
                : new SplitUser(p.Sequence.User, ids, null, null, events.Take(p.Before).ToArray());
        }).ToArray();
        return LeaveOneOutSplit.FromUsers(vocabulary, users, summary);
    }
}
