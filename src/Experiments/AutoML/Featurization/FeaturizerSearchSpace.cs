using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;

namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>
/// Tunable text featurization, merged into every learner's space when the data has free-text columns: the sparse
/// TF-IDF featurizer's settings (<see cref="TfIdfTextOptions"/>, scikit-learn's <c>TfidfVectorizer</c> names). All
/// dimensions are choices, so trials that share a setting share its featurized folds (<see cref="FeatureCache"/>).
/// Defaults start where strong linear text baselines start (word 1-2 + char_wb 2-5, sublinear TF, min_df 1, no cap,
/// stop words kept; e.g. the word + character TF-IDF logistic-regression baselines of Wang &amp; Manning, ACL 2012, and
/// scikit-learn's text examples).
/// </summary>
public static class FeaturizerSearchSpace
{
    /// <summary>Word n-gram range: "1-1", "1-2" (default), "1-3".</summary>
    public const string WordNgrams = "Text.WordNgrams";

    /// <summary>Character (char_wb) n-gram range: "2-5" (default), "2-4", "3-5", "1-3", or "none".</summary>
    public const string CharNgrams = "Text.CharNgrams";

    /// <summary>Sublinear term frequency 1 + ln(tf): "On" (default, both blocks), "Off", "Words" (word block only) or
    /// "Chars" (character block only).</summary>
    public const string SublinearTf = "Text.SublinearTf";

    /// <summary>Minimum document frequency (count): "1" (default), "2", "3".</summary>
    public const string MinDf = "Text.MinDf";

    /// <summary>Per-block vocabulary cap (most frequent n-grams): "All" (default), "200000", "50000", "10000".</summary>
    public const string MaxFeatures = "Text.MaxFeatures";

    /// <summary>English stop words (word block only): "Keep" (default) or "Remove".</summary>
    public const string StopWords = "Text.StopWords";

    /// <summary>The text featurizer's space (6 dimensions).</summary>
    public static SearchSpace Text { get; } = new(
        new ChoiceParameter(WordNgrams, "1-2", "1-1", "1-3"),
        new ChoiceParameter(CharNgrams, "2-5", "2-4", "3-5", "1-3", "none"),
        new ChoiceParameter(SublinearTf, "On", "Off", "Words", "Chars"),
        new ChoiceParameter(MinDf, "1", "2", "3"),
        new ChoiceParameter(MaxFeatures, "All", "200000", "50000", "10000"),
        new ChoiceParameter(StopWords, "Keep", "Remove"));

    /// <summary>
    /// The text space for tree learners: the same dimensions with the vocabulary capped per block at 10,000 n-grams
    /// (default), 2,000 or 50,000. Uncapped, SST-2's 67k phrases carry about 150k word and character n-grams, and even
    /// LightGBM's cheapest start (4 trees of 4 leaves) did not finish within a 30 s trial: building its histograms over
    /// every slot costs more than the trees. Capping by document frequency keeps the n-grams a split can use at all
    /// (a rare n-gram cannot fill two leaves) — scikit-learn's <c>max_features</c>, FLAML's low-cost start for the featurizer.
    /// </summary>
    public static SearchSpace TextForTrees { get; } = new(Text.Parameters.Select(p => p.Name == MaxFeatures
        ? new ChoiceParameter(MaxFeatures, "10000", "2000", "50000")
        : p));

    /// <summary>Adds the text parameters to <paramref name="space"/>.</summary>
    public static SearchSpace MergeInto(SearchSpace space) => new(space.Parameters.Concat(Text.Parameters));

    /// <summary>Adds the text parameters for <paramref name="learner"/> to its space: <see cref="TextForTrees"/> for the
    /// tree learners, <see cref="Text"/> for the others.</summary>
    public static SearchSpace MergeInto(SearchSpace space, string learner) =>
        new(space.Parameters.Concat((IsTreeLearner(learner) ? TextForTrees : Text).Parameters));

    /// <summary>Whether <paramref name="learner"/> (a <see cref="Spaces.TrainerName"/>) grows trees.</summary>
    public static bool IsTreeLearner(string learner) =>
        learner is nameof(Spaces.TrainerName.LightGbm) or nameof(Spaces.TrainerName.FastTree) or nameof(Spaces.TrainerName.FastForest)
            or nameof(Spaces.TrainerName.FastTreeOva);

    /// <summary>The TF-IDF options for the text parameters in <paramref name="p"/> (the defaults where absent).</summary>
    /// <exception cref="FormatException">A value is not one of the choices' formats.</exception>
    public static TfIdfTextOptions Options(ParameterSet p)
    {
        ArgumentNullException.ThrowIfNull(p);
        string Get(string name, string fallback) => p.TryGetValue(name, out var v) ? v.AsChoice() : fallback;
        var cap = Get(MaxFeatures, "All");
        var sublinear = Get(SublinearTf, "On");
        return new TfIdfTextOptions(
            NgramRange.Parse(Get(WordNgrams, "1-2")),
            NgramRange.Parse(Get(CharNgrams, "2-5")),
            SublinearTf: sublinear is "On" or "Words",
            MinDf: int.Parse(Get(MinDf, "1"), System.Globalization.CultureInfo.InvariantCulture),
            MaxFeatures: cap == "All" ? null : int.Parse(cap, System.Globalization.CultureInfo.InvariantCulture),
            RemoveStopWords: Get(StopWords, "Keep") == "Remove",
            CharSublinearTf: sublinear is "Words" or "Chars" ? sublinear == "Chars" : null); // null: as the word block
    }
}
