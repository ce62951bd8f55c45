namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>
/// One fitted block of the TF-IDF featurizer: its n-grams in ordinal order (as scikit-learn sorts
/// <c>vocabulary_</c>, so slot i here is column i there) and each one's smooth inverse document frequency
/// idf = ln((1 + n) / (1 + df)) + 1 (scikit-learn's <c>smooth_idf=True</c>; Manning, Raghavan &amp; Schütze,
/// <i>Introduction to Information Retrieval</i>, 2008, §6.2.1, with add-one smoothing).
/// </summary>
internal sealed class TfIdfVocabulary
{
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TfIdfVocabulary(string[] terms, double[] idf)
    {
        if (terms.Length != idf.Length) throw new ArgumentException($"{terms.Length} terms but {idf.Length} idf values.");
        Terms = terms;
        Idf = idf;
        _index = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++) _index.Add(terms[i], i);
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string[] Terms { get; }

    public double[] Idf { get; }

    public int Count => Terms.Length;

    /// <summary>The slot of <paramref name="ngram"/>, or -1 when it was not kept at fit.</summary>
    public int IndexOf(ReadOnlySpan<char> ngram) => _lookup.TryGetValue(ngram, out var i) ? i : -1;

    /// <summary>
    /// Counts every n-gram over <paramref name="documents"/> (fed by <paramref name="analyze"/>), keeps those in at least
    /// <paramref name="minDf"/> documents, then at most <paramref name="maxFeatures"/> of them by total count (ties: ordinal
    /// order), and computes the smooth IDF over the documents.
    /// </summary>
    public static TfIdfVocabulary Fit(IReadOnlyList<string> documents, Action<string, NgramSink> analyze, int minDf, int? maxFeatures)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var df = new List<int>();
        var tf = new List<long>();
        var lastDoc = new List<int>();
        for (var d = 0; d < documents.Count; d++)
        {
            var doc = d;
            analyze(documents[d], gram =>
            {
                if (!lookup.TryGetValue(gram, out var id))
                {
                    id = df.Count;
                    lookup[gram] = id;
                    df.Add(0);
                    tf.Add(0);
                    lastDoc.Add(-1);
                }

                tf[id]++;
                if (lastDoc[id] != doc)
                {
                    lastDoc[id] = doc;
                    df[id]++;
                }
            });
        }

        IEnumerable<KeyValuePair<string, int>> kept = ids.Where(p => df[p.Value] >= minDf);
        if (maxFeatures is { } cap)
            kept = kept.OrderByDescending(p => tf[p.Value]).ThenBy(p => p.Key, StringComparer.Ordinal).Take(cap);
        var chosen = kept.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var n = documents.Count;
        return new TfIdfVocabulary(
            chosen.Select(p => p.Key).ToArray(),
            chosen.Select(p => Math.Log((1.0 + n) / (1.0 + df[p.Value])) + 1.0).ToArray());
    }
}
