using Microsoft.ML;

namespace MarketLab.Experiments.Data.Tabular;

/// <summary>
/// Rows of feature columns with a class label each, kept in memory: the common form of classification data for
/// AutoML candidates, text (one <see cref="ColumnKind.Text"/> column) and tabular alike. Columns are
/// <c>float[]</c> (numeric, NaN = missing), <c>bool[]</c> or <c>ReadOnlyMemory&lt;char&gt;[]</c> (categorical or text).
/// </summary>
public sealed class LabelledTable
{
    /// <summary>A table; every column and the labels have one entry per row.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a column has an unsupported type, or a kind is missing.</exception>
    public LabelledTable(IReadOnlyList<string> names, IReadOnlyList<Array> columns, IReadOnlyDictionary<string, ColumnKind> kinds, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(labels);
        if (names.Count != columns.Count) throw new ArgumentException("One name per column is needed.", nameof(names));
        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i] is not (float[] or bool[] or ReadOnlyMemory<char>[]))
                throw new ArgumentException($"Column '{names[i]}' is a {columns[i].GetType().Name}; use float[], bool[] or ReadOnlyMemory<char>[].", nameof(columns));
            if (columns[i].Length != labels.Count)
                throw new ArgumentException($"Column '{names[i]}' has {columns[i].Length} rows; the labels have {labels.Count}.", nameof(columns));
            if (!kinds.ContainsKey(names[i])) throw new ArgumentException($"Column '{names[i]}' has no kind.", nameof(kinds));
        }
        Names = names;
        Columns = columns;
        Kinds = kinds;
        Labels = labels;
    }

    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<Array> Columns { get; }

    /// <summary>How AutoML featurizes each column.</summary>
    public IReadOnlyDictionary<string, ColumnKind> Kinds { get; }

    /// <summary>The class of each row, as text.</summary>
    public IReadOnlyList<string> Labels { get; }

    public int Count => Labels.Count;

    /// <summary>Distinct labels, sorted ordinally.</summary>
    public IReadOnlyList<string> Classes => Labels.Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>One column of text (kind <see cref="ColumnKind.Text"/>) named <paramref name="column"/>.</summary>
    public static LabelledTable FromText(TextExamples examples, string column)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return new LabelledTable([column], [examples.Texts.Select(t => t.AsMemory()).ToArray()],
            new Dictionary<string, ColumnKind> { [column] = ColumnKind.Text }, examples.Labels);
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public LabelledTable Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var columns = Columns.Select(c => (Array)(c switch
        {
            float[] f => indices.Select(i => f[i]).ToArray(),
            bool[] b => indices.Select(i => b[i]).ToArray(),
            ReadOnlyMemory<char>[] t => indices.Select(i => t[i]).ToArray(),
            _ => throw new InvalidOperationException(),
        })).ToArray();
        return new LabelledTable(Names, columns, Kinds, indices.Select(i => Labels[i]).ToArray());
    }

    /// <summary>
    /// A seeded split stratified by label (<see cref="Data.StratifiedSplit"/>): in each class <paramref name="testShare"/>
    /// of the rows go to the test part; both parts keep the row order.
    /// </summary>
    public (LabelledTable Train, LabelledTable Test) Split(double testShare, int seed)
    {
        if (!(testShare > 0 && testShare < 1)) throw new ArgumentOutOfRangeException(nameof(testShare), testShare, "Must lie in (0, 1).");
        var (train, test) = StratifiedSplit.Indices(Labels, Classes, testShare, seed);
        return (Subset(train), Subset(test));
    }

    /// <summary>
    /// The rows as an IDataView for AutoML with a label column <paramref name="labelColumn"/>: Boolean
    /// (<paramref name="positive"/> is true) when <paramref name="positive"/> is given, else the label text.
    /// </summary>
    public IDataView ToDataView(string labelColumn, string? positive)
    {
        if (Names.Contains(labelColumn)) throw new ArgumentException($"A feature column is already called '{labelColumn}'.", nameof(labelColumn));
        Array label = positive is null ? Labels.Select(l => l.AsMemory()).ToArray() : Labels.Select(l => l == positive).ToArray();
        return new InMemoryDataView([.. Names, labelColumn], [.. Columns, label]);
    }
}
