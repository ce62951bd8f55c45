namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>An inclusive n-gram length range, as scikit-learn's <c>ngram_range=(Min, Max)</c>.</summary>
public readonly record struct NgramRange(int Min, int Max)
{
    /// <summary>Parses "1-2" (or "none", which is null).</summary>
    /// <exception cref="FormatException">Not "min-max" with 1 ≤ min ≤ max ≤ 8.</exception>
    public static NgramRange? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        var parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], out var min) && int.TryParse(parts[1], out var max) && min >= 1 && min <= max && max <= 8)
            return new NgramRange(min, max);
        throw new FormatException($"'{text}' is not an n-gram range: expected 'min-max' with 1 <= min <= max <= 8 (as 1-2), or 'none'.");
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Min}-{Max}";
}

/// <summary>
/// Settings of the sparse TF-IDF text featurizer (<see cref="TfIdfTextEstimator"/>), named after scikit-learn's
/// <c>TfidfVectorizer</c>, whose semantics they follow: a word block (lower-cased tokens of the pattern
/// <c>\b\w\w+\b</c>, optional English stop words removed before the n-grams are formed) and a character block
/// (<c>analyzer="char_wb"</c>: n-grams inside each whitespace-separated word padded with one space on each side),
/// each with its own vocabulary, smooth IDF and L2 norm; the two blocks are concatenated (word slots first), so
/// the whole vector has norm √2 when both blocks are non-empty, as scikit-learn's <c>FeatureUnion</c> of two vectorizers.
/// </summary>
/// <param name="Words">Word n-gram range, or null for no word block.</param>
/// <param name="Chars">Character (char_wb) n-gram range, or null for no character block.</param>
/// <param name="SublinearTf">Replace a term count tf by 1 + ln(tf) (scikit-learn's <c>sublinear_tf</c>): in the word block,
/// and in the character block too unless <paramref name="CharSublinearTf"/> says otherwise.</param>
/// <param name="MinDf">Keep n-grams that occur in at least this many training documents (<c>min_df</c> as a count).</param>
/// <param name="MaxFeatures">Per block, keep at most this many n-grams, the most frequent over the training
/// documents (<c>max_features</c>); null keeps all.</param>
/// <param name="RemoveStopWords">Drop scikit-learn's English stop words from the word tokens (the character block keeps them, as scikit-learn does).</param>
/// <param name="CharSublinearTf">The character block's own sublinear-TF setting; null follows <paramref name="SublinearTf"/>.
/// Two vectorizers in a scikit-learn <c>FeatureUnion</c> each have their own: tuned on SST-2, its best logistic
/// regression took sublinear word counts and raw character counts (docs/benchmarks.md).</param>
public sealed record TfIdfTextOptions(
    NgramRange? Words,
    NgramRange? Chars,
    bool SublinearTf = true,
    int MinDf = 1,
    int? MaxFeatures = null,
    bool RemoveStopWords = false,
    bool? CharSublinearTf = null)
{
    /// <summary>Whether the character block uses 1 + ln(tf).</summary>
    public bool CharsSublinear => CharSublinearTf ?? SublinearTf;

    /// <summary>Where strong linear text baselines start: words 1-2, char_wb 2-5, sublinear TF, min_df 1, no cap, stop words kept.</summary>
    public static TfIdfTextOptions Default { get; } = new(new NgramRange(1, 2), new NgramRange(2, 5));

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">No block, min_df below 1 or a cap below 1.</exception>
    public void Validate()
    {
        if (Words is null && Chars is null) throw new ArgumentException("TF-IDF text options: at least one of the word and character blocks must be on.");
        if (MinDf < 1) throw new ArgumentException($"TF-IDF text options: MinDf must be >= 1; got {MinDf}.");
        if (MaxFeatures is < 1) throw new ArgumentException($"TF-IDF text options: MaxFeatures must be >= 1 or null; got {MaxFeatures}.");
    }
}
