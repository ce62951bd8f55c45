using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Data.Tabular;
using Microsoft.ML;

namespace MarketLab.Experiments.Recommendation.Rerank;

/// <summary>
/// The fitted LightGBM re-ranker: scores any (history, item) pair from its candidate features
/// (<see cref="RerankFeatures"/>) with the model the AutoML search chose, in batches through one ML.NET transform.
/// </summary>
/// <remarks>
/// Full ranking scores every known item when the catalogue has at most <see cref="RerankerOptions.FullScoringLimit"/>
/// items (Taobao categories: 2,911). A larger catalogue (Amazon Games: 23,715 items, 31k users would be 735 million
/// pairs) is re-ranked over the shortlist of <see cref="RerankCandidates"/> (the Markov baseline's top items plus
/// decayed co-occurrence); the other items follow below them in the Markov order, so full-ranking figures then measure
/// the re-ranking of the Markov and popularity candidates (<see cref="Note"/> says so). The sampled protocol always
/// scores the held-out item and every negative with the model (<see cref="ICandidateScorer"/>).
/// </remarks>
public sealed class RerankerRecommender : ISequenceRecommender, ICandidateScorer
{
    internal const string LabelColumn = "positive";

    /// <summary>ML.NET's LightGBM binary sigmoid parameter (its default, which our trainer factory keeps): the model's
    /// probability is 1 / (1 + exp(−σ · Score)), so σ · Score is the log-odds.</summary>
    internal const float LightGbmSigmoid = 0.5f;

    private readonly ITransformer _model;
    private readonly RerankStatistics _stats;
    private readonly ItemVocabulary _vocabulary;
    private readonly RerankerOptions _options;
    private readonly string[] _names;
    private readonly float[] _backoff;   // popularity back-off of the Markov order, as in MarkovRecommender

    internal RerankerRecommender(ITransformer model, RerankStatistics stats, ItemVocabulary vocabulary, RerankerOptions options, string description)
    {
        _model = model;
        _stats = stats;
        _vocabulary = vocabulary;
        _options = options;
        _names = RerankFeatures.Names(stats.Categories is not null);
        float max = stats.Popularity.Max();
        _backoff = stats.Popularity.Select(c => c / (max + 1)).ToArray();
        Description = description;
    }

    public string Name => "Reranker";

    /// <summary>The features the model reads.</summary>
    public IReadOnlyList<string> Features => _names;

    /// <summary>Whether full ranking re-ranks a shortlist instead of scoring every item.</summary>
    public bool UsesShortlist => _vocabulary.Count > _options.FullScoringLimit;

    /// <summary>The search's outcome: best trial, its validation AUC, trial count.</summary>
    public string Description { get; }

    /// <summary>What the full-ranking figures of this model measure.</summary>
    public string Note => UsesShortlist
        ? FormattableString.Invariant($"Reranker full ranking: {_vocabulary.Count:N0} items exceed the full-scoring limit of {_options.FullScoringLimit:N0}, so the model re-ranks each user's shortlist (Markov top {_options.Shortlist} plus {_options.Shortlist / 2} by decayed co-occurrence) and every other item follows in the Markov order; its sampled figures score every candidate with the model.")
        : FormattableString.Invariant($"Reranker full ranking: the model scores all {_vocabulary.Count:N0} items.");

    public void ScoreCandidates(IReadOnlyList<int[]> histories, IReadOnlyList<int[]> candidates, float[][] scores)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(candidates);
        var predicted = Predict(histories, candidates);
        for (int u = 0, at = 0; u < histories.Count; u++)
        {
            Array.Copy(predicted, at, scores[u], 0, candidates[u].Length);
            at += candidates[u].Length;
        }
    }

    public void Score(IReadOnlyList<int[]> histories, float[][] scores)
    {
        ArgumentNullException.ThrowIfNull(histories);
        // The history's own items are scored too: the protocol leaves them out of full ranking except when one of them
        // is the held-out item (a repeat), which must then get the model's score, not the floor below.
        var lists = new int[histories.Count][];
        for (int u = 0; u < histories.Count; u++)
        {
            if (!UsesShortlist) { lists[u] = Enumerable.Range(1, _vocabulary.Count).ToArray(); continue; }
            var skip = _options.ExcludeHistory ? new HashSet<int>(histories[u]) : null;
            var list = RerankCandidates.Shortlist(_stats, histories[u], _options.Shortlist, _options.Window, _options.Decay, skip);
            if (skip is not null) list.AddRange(skip.Where(_vocabulary.IsKnown).Order());
            lists[u] = list.ToArray();
        }
        var predicted = Predict(histories, lists);
        for (int u = 0, at = 0; u < histories.Count; u++)
        {
            float[] row = scores[u];
            int[] list = lists[u];
            float lowest = 0;
            for (int k = 0; k < list.Length; k++) lowest = k == 0 ? predicted[at] : Math.Min(lowest, predicted[at + k]);
            // Items the model did not score sit below all it did, in the Markov order (count + popularity back-off),
            // mapped into [lowest − 2, lowest − 1): m / (m + 1) keeps the order.
            float floor = lowest - 2;
            for (int id = 0; id < row.Length; id++) row[id] = floor + _backoff[id] / (_backoff[id] + 1);
            if (histories[u].Length > 0)
                foreach (var (id, count) in _stats.Row(histories[u][^1]))
                {
                    float m = count + _backoff[id];
                    row[id] = floor + m / (m + 1);
                }
            for (int k = 0; k < list.Length; k++) row[list[k]] = predicted[at + k];
            at += list.Length;
        }
    }

    /// <summary>
    /// Log-odds of each pair with the sampling-bias correction: a classifier trained on positives against negatives
    /// drawn with expected count q(j) per user learns odds p(j) / q(j), which would push down every item the hard
    /// negatives favour (popular and co-occurring ones) against the rest. Adding ln q(j) (the "logQ correction" of Yi et
    /// al., "Sampling-Bias-Corrected Neural Modeling for Large Corpus Item Recommendations", RecSys 2019, eq. 3) leaves
    /// ln p(j) + const: q(j) = H / |pool| for items of the user's hard-negative pool plus U / N for the uniform draws
    /// (N candidate items), as <see cref="RerankTrainingSet"/> samples them.
    /// </summary>
    private float[] Predict(IReadOnlyList<int[]> histories, IReadOnlyList<int[]> candidates)
    {
        var scores = RawScores(histories, candidates);
        if (_options.HardNegatives == 0) return scores;   // uniform negatives only: q is the same for every item
        for (int u = 0, at = 0; u < histories.Count; u++)
        {
            var skip = _options.ExcludeHistory ? new HashSet<int>(histories[u]) : null;
            var pool = RerankCandidates.Shortlist(_stats, histories[u], _options.HardPool, _options.Window, _options.Decay, skip).ToHashSet();
            int items = _vocabulary.Count - (skip?.Count(_vocabulary.IsKnown) ?? 0) - 1;
            double uniform = _options.UniformNegatives / (double)Math.Max(1, items);
            double hard = pool.Count == 0 ? 0 : Math.Min(_options.HardNegatives, pool.Count) / (double)pool.Count;
            float inPool = (float)Math.Log(hard + uniform), outside = (float)Math.Log(Math.Max(uniform, 1e-12));
            foreach (int j in candidates[u]) scores[at++] += pool.Contains(j) ? inPool : outside;
        }
        return scores;
    }

    // One transform over every pair of the batch: σ · Score, the model's log-odds.
    private float[] RawScores(IReadOnlyList<int[]> histories, IReadOnlyList<int[]> candidates)
    {
        int total = candidates.Sum(c => c.Length);
        if (total == 0) return [];
        var columns = _names.Select(_ => new float[total]).ToArray();
        for (int u = 0, at = 0; u < histories.Count; u++)
        {
            RerankFeatures.Compute(_stats, _options.Window, _options.Decay, histories[u], candidates[u], columns, at);
            at += candidates[u].Length;
        }
        var view = new InMemoryDataView([.. _names, LabelColumn], [.. columns, new bool[total]]);
        var scored = _model.Transform(view);
        var result = new float[total];
        int i = 0;
        using var cursor = scored.GetRowCursor([scored.Schema["Score"]]);
        var getter = cursor.GetGetter<float>(scored.Schema["Score"]);
        float value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result[i++] = LightGbmSigmoid * value;
        }
        return result;
    }
}
