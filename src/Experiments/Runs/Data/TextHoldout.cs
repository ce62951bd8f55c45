using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Runs.Data;

/// <summary>Labelled sentences split into training and held-out rows (stratified by label, seeded).</summary>
public sealed record TextHoldout(TextExamples Train, TextExamples Test)
{
    /// <summary>Splits <paramref name="examples"/>: <paramref name="testShare"/> of each class to the test part; the same seed gives the same split.</summary>
    public static TextHoldout Create(TextExamples examples, double testShare, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var (train, test) = examples.StratifiedSplit(testShare, seed);
        return new TextHoldout(examples.Subset(train), examples.Subset(test));
    }

    /// <summary>Classes over both parts, sorted ordinally.</summary>
    public IReadOnlyList<string> Classes => Train.Labels.Concat(Test.Labels).Distinct().Order(StringComparer.Ordinal).ToArray();
}
