namespace MarketLab.Experiments.Bert.Training;

/// <summary>The class labels in id order (ordinal sort of the training labels), with lookups that name unknown labels.</summary>
public sealed class LabelSet
{
    private readonly Dictionary<string, int> ids;

    public LabelSet(IReadOnlyList<string> labels)
    {
        if (labels.Count < 2) throw new ArgumentException($"A classifier needs at least 2 labels; got {labels.Count} ({string.Join(", ", labels)}).", nameof(labels));
        Labels = labels.ToArray();
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Labels.Count; i++)
        {
            if (!ids.TryAdd(Labels[i], i)) throw new ArgumentException($"Label '{Labels[i]}' appears twice.", nameof(labels));
        }
    }

    public IReadOnlyList<string> Labels { get; }

    public int Count => Labels.Count;

    /// <summary>The distinct labels of <paramref name="training"/>, sorted ordinally.</summary>
    public static LabelSet FromTraining(IEnumerable<LabeledText> training) =>
        new(training.Select(t => t.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

    /// <summary>The id of <paramref name="label"/>; throws naming it (and the known set) when training never saw it.</summary>
    public int IdOf(string label, int row = -1) => ids.TryGetValue(label, out int id)
        ? id
        : throw new ArgumentException(
            $"Label '{label}'{(row >= 0 ? $" at row {row}" : "")} was not seen in training; known labels: {string.Join(", ", Labels)}.", nameof(label));
}
