namespace MarketLab.Experiments.Data.Sequences;

/// <summary>Groups a log into per-user sequences.</summary>
public static class UserSequences
{
    /// <summary>
    /// One sequence per user, users in order of first appearance. Events are sorted by timestamp with a stable sort,
    /// so events with the same timestamp (Taobao logs many actions in one second) keep their order in the file; events
    /// without a timestamp (the Amazon pair format) keep file order, which that format defines as time order.
    /// </summary>
    /// <exception cref="ArgumentException">Some events of the log have a timestamp and others do not.</exception>
    public static IReadOnlyList<UserSequence> Build(IReadOnlyList<BehaviourEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        int timed = events.Count(e => e.Timestamp is not null);
        if (timed != 0 && timed != events.Count)
        {
            var missing = events.First(e => e.Timestamp is null);
            throw new ArgumentException($"Line {missing.Line} has no timestamp while {timed} other events have one; a log must be timed throughout or not at all.", nameof(events));
        }
        var byUser = new Dictionary<string, List<BehaviourEvent>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var e in events)
        {
            if (!byUser.TryGetValue(e.User, out var list)) { byUser[e.User] = list = []; order.Add(e.User); }
            list.Add(e);
        }
        return order.Select(u => new UserSequence(u, timed == 0
            ? byUser[u]
            : byUser[u].OrderBy(e => e.Timestamp!.Value).ThenBy(e => e.Line).ToArray())).ToArray();
    }
}
