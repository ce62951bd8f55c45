namespace MarketLab.Experiments.Data;

/// <summary>Labelled sentences: <see cref="Texts"/>[i] has label <see cref="Labels"/>[i] (as written in the file, e.g. <c>0</c>/<c>1</c>).</summary>
public sealed record TextExamples(IReadOnlyList<string> Texts, IReadOnlyList<string> Labels)
{
    /// <summary>Number of sentences.</summary>
    public int Count => Texts.Count;

    /// <summary>Distinct labels, sorted ordinally.</summary>
    public IReadOnlyList<string> Classes => Labels.Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public TextExamples Subset(IReadOnlyList<int> indices) =>
        new(indices.Select(i => Texts[i]).ToArray(), indices.Select(i => Labels[i]).ToArray());

    /// <summary>
    /// A seeded split stratified by label: in each class, <paramref name="testShare"/> of the rows (rounded) go to
    /// the test part; both parts keep the original row order. The same seed and share give the same split.
    /// </summary>
    public (int[] Train, int[] Test) StratifiedSplit(double testShare, int seed)
    {
        if (!(testShare > 0 && testShare < 1)) throw new ArgumentOutOfRangeException(nameof(testShare), testShare, "Must lie in (0, 1).");
        return Data.StratifiedSplit.Indices(Labels, Classes, testShare, seed);
    }
}
