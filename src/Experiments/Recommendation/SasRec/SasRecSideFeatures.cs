using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>
/// The id spaces of SASRec's side embeddings (<see cref="SasRecSide"/>): categories and behaviour types numbered like
/// items (<see cref="ItemVocabulary"/>: 0 padding, then the values seen in the training events, then one rare id for a
/// value never seen there), and the lookup from a user's events to the ids aligned with their item history.
/// </summary>
/// <remarks>
/// A history of n item ids is the item ids of the user's first n events (leave-one-out keeps time order), so the side
/// ids of position i are those of event i. The category of an event is the log's category even when the sequence
/// target is the category (then <see cref="SasRecSide.Category"/> repeats the item id's information; useful with
/// <c>--target item</c>).
/// </remarks>
public sealed class SasRecSideFeatures
{
    private SasRecSideFeatures(SasRecSide side, ItemVocabulary? categories, ItemVocabulary? behaviours)
    {
        Side = side;
        Categories = categories;
        Behaviours = behaviours;
    }

    /// <summary>Which side embeddings are used.</summary>
    public SasRecSide Side { get; }

    /// <summary>Category ids, when <see cref="SasRecSide.Category"/> is used.</summary>
    public ItemVocabulary? Categories { get; }

    /// <summary>Behaviour-type ids, when <see cref="SasRecSide.Behaviour"/> is used.</summary>
    public ItemVocabulary? Behaviours { get; }

    /// <summary>Numbers the categories and behaviours of the training events (each user's first <c>Train.Length</c> events).</summary>
    /// <exception cref="ArgumentException"><paramref name="side"/> is None or undefined, or an event lacks the field asked for.</exception>
    public static SasRecSideFeatures Build(LeaveOneOutSplit split, SasRecSide side)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (side == SasRecSide.None || (side & ~(SasRecSide.Category | SasRecSide.Behaviour)) != 0)
            throw new ArgumentException($"Side features need Category and/or Behaviour, got {side}.", nameof(side));
        var training = split.Users.SelectMany(u => u.Events.Take(u.Train.Length)).ToList();
        ItemVocabulary? Build(SasRecSide flag, Func<BehaviourEvent, string?> field, string name)
        {
            if (!side.HasFlag(flag)) return null;
            if (split.Users.SelectMany(u => u.Events).FirstOrDefault(e => field(e) is null) is { } missing)
                throw new ArgumentException($"Line {missing.Line} (user {missing.User}) has no {name}; side {name} embeddings need a log with one (the Taobao format).", nameof(split));
            return ItemVocabulary.Build(training.Select(e => field(e)!));
        }
        return new SasRecSideFeatures(side, Build(SasRecSide.Category, e => e.Category, "category"), Build(SasRecSide.Behaviour, e => e.Behaviour, "behaviour"));
    }

    /// <summary>Category ids of the first <paramref name="count"/> events, or null when categories are not used.</summary>
    public int[]? CategoryIds(IReadOnlyList<BehaviourEvent> events, int count) => Ids(Categories, events, count, e => e.Category);

    /// <summary>Behaviour ids of the first <paramref name="count"/> events, or null when behaviours are not used.</summary>
    public int[]? BehaviourIds(IReadOnlyList<BehaviourEvent> events, int count) => Ids(Behaviours, events, count, e => e.Behaviour);

    private static int[]? Ids(ItemVocabulary? vocabulary, IReadOnlyList<BehaviourEvent> events, int count, Func<BehaviourEvent, string?> field)
    {
        if (vocabulary is null) return null;
        ArgumentNullException.ThrowIfNull(events);
        if (count > events.Count) throw new ArgumentException($"A history of {count} items has only {events.Count} events behind it.", nameof(events));
        var ids = new int[count];
        for (int i = 0; i < count; i++) ids[i] = field(events[i]) is { } v ? vocabulary.IdOf(v) : vocabulary.Rare;
        return ids;
    }
}
