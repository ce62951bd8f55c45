using static MarketLab.Experiments.AutoML.Search.ParameterScale;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;

namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>
/// Tunable text featurization, merged into every learner's space when the data has free-text columns.
/// Names and choices follow ML.NET's <c>TextFeaturizingEstimator.Options</c>: word n-gram length (all
/// lengths up to it), character n-gram length (that length only, as ML.NET's default 3-gram), vector norm,
/// and English stop-word removal. Defaults are ML.NET's FeaturizeText defaults (word 1-2, char 3, L2, keep).
/// </summary>
public static class FeaturizerSearchSpace
{
    /// <summary>Word n-gram length (1-3).</summary>
    public const string WordNgramLength = "Text.WordNgramLength";

    /// <summary>Character n-gram length (1-5).</summary>
    public const string CharNgramLength = "Text.CharNgramLength";

    /// <summary>Norm of each text vector: "L2" or "None".</summary>
    public const string Norm = "Text.Norm";

    /// <summary>English stop words: "Keep" or "Remove".</summary>
    public const string StopWords = "Text.StopWords";

    /// <summary>The text featurizer's space (4 dimensions).</summary>
    public static SearchSpace Text { get; } = new(
        new IntParameter(WordNgramLength, 1, 3, 2, Linear),
        new IntParameter(CharNgramLength, 1, 5, 3, Linear),
        new ChoiceParameter(Norm, "L2", "None"),
        new ChoiceParameter(StopWords, "Keep", "Remove"));

    /// <summary>Adds the text parameters to <paramref name="space"/>.</summary>
    public static SearchSpace MergeInto(SearchSpace space) => new(space.Parameters.Concat(Text.Parameters));
}
