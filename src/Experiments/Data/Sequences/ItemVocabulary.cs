namespace MarketLab.Experiments.Data.Sequences;

/// <summary>
/// Dense item ids for sequence models: 0 is padding, 1..<see cref="Count"/> the items seen at least
/// <see cref="MinCount"/> times in training, and <see cref="Rare"/> = Count + 1 one shared id for every other item
/// (rare in training, or never seen there). Known items are numbered in order of first appearance, so the same
/// training data gives the same ids.
/// </summary>
/// <remarks>
/// Only known items are candidates for recommendation (ids 1..Count). A rare or unseen item may still appear in a
/// model's input history as <see cref="Rare"/>; a held-out item that is rare or unseen cannot be recommended by any
/// model and counts as a miss for all of them (the evaluation reports how many such users there are).
/// </remarks>
public sealed class ItemVocabulary
{
    /// <summary>The padding id.</summary>
    public const int Padding = 0;

    private readonly Dictionary<string, int> ids;
    private readonly string[] items;

    private ItemVocabulary(Dictionary<string, int> ids, string[] items, int minCount)
    {
        this.ids = ids;
        this.items = items;
        MinCount = minCount;
    }

    /// <summary>Number of known items.</summary>
    public int Count => items.Length;

    /// <summary>The id shared by rare and unseen items.</summary>
    public int Rare => items.Length + 1;

    /// <summary>Ids a model needs an embedding row for: padding, the known items and <see cref="Rare"/>.</summary>
    public int Size => items.Length + 2;

    /// <summary>Training occurrences an item needs to get its own id.</summary>
    public int MinCount { get; }

    /// <summary>Builds the vocabulary from the training occurrences of items.</summary>
    /// <param name="training">Item names in training order (repeats count).</param>
    /// <param name="minCount">Occurrences needed for an own id, at least 1.</param>
    public static ItemVocabulary Build(IEnumerable<string> training, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (string item in training)
        {
            if (!counts.TryGetValue(item, out int c)) order.Add(item);
            counts[item] = c + 1;
        }
        string[] kept = order.Where(i => counts[i] >= minCount).ToArray();
        var ids = new Dictionary<string, int>(kept.Length, StringComparer.Ordinal);
        for (int i = 0; i < kept.Length; i++) ids[kept[i]] = i + 1;
        return new ItemVocabulary(ids, kept, minCount);
    }

    /// <summary>The id of <paramref name="item"/>, or <see cref="Rare"/>.</summary>
    public int IdOf(string item) => ids.TryGetValue(item, out int id) ? id : Rare;

    /// <summary>Whether <paramref name="id"/> is a known item (a recommendable candidate).</summary>
    public bool IsKnown(int id) => id >= 1 && id <= items.Length;

    /// <summary>The item name of a known id.</summary>
    public string ItemOf(int id) => IsKnown(id) ? items[id - 1]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Known item ids are 1..{items.Length}; {Padding} is padding and {Rare} the rare-item id.");
}
