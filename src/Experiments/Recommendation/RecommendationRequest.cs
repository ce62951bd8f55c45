using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Experiments.Recommendation;

/// <summary>The recommenders a run compares.</summary>
public enum RecommenderKind
{
    Popularity,
    Markov,
    SasRec,
    Bert4Rec,

    /// <summary>The AutoML-tuned LightGBM re-ranker over candidate features (<see cref="Rerank.RerankerTrainer"/>).</summary>
    Reranker,
}

/// <summary>What <see cref="RecommendationWorkflow.Run"/> evaluates.</summary>
/// <param name="Split">The leave-one-out split.</param>
/// <param name="Models">Recommenders, in table order; paired tests compare the last with each other one.</param>
public sealed record RecommendationRequest(LeaveOneOutSplit Split, IReadOnlyList<RecommenderKind> Models)
{
    /// <summary>Sampled negatives per user (100 in Kang &amp; McAuley 2018); 0 evaluates full ranking only.</summary>
    public int Negatives { get; init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Negatives), value, "Negatives must be 0 (full ranking only) or more."); } = 100;

    /// <summary>Epochs between the sequence models' validation figures (and always at the last epoch).</summary>
    public int ValidateEvery { get; init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ValidateEvery), value, "ValidateEvery must be at least 1."); } = 5;

    /// <summary>Whether full ranking leaves out the items already in the history (see <see cref="RankingProtocol.ExcludeHistory"/>).</summary>
    public bool ExcludeHistory { get; init; } = true;

    /// <summary>Cut-offs of Hit@k and NDCG@k.</summary>
    public IReadOnlyList<int> Ks { get; init; } = [1, 5, 10, 20];

    /// <summary>Cut-off of the top lists behind coverage and popularity bias.</summary>
    public int ListLength { get; init; } = 10;

    /// <summary>Seed of the negative sampler (the bootstrap has its own in <see cref="Evaluation"/>).</summary>
    public int Seed { get; init; }

    /// <summary>Tie rule and bootstrap over users.</summary>
    public RankingEvaluationOptions Evaluation { get; init; } = new();

    /// <summary>SASRec settings (seed included).</summary>
    public SasRecOptions SasRec { get; init; } = new();

    /// <summary>
    /// With SASRec side embeddings on (<see cref="SasRecOptions.Side"/>), also fit the plain SASRec (same options, side
    /// none) just before it, so the paired tests of the last model include "with side − without side" on the same users.
    /// </summary>
    public bool CompareSide { get; init; }

    /// <summary>BERT4Rec settings (seed included).</summary>
    public Bert4Rec.Bert4RecOptions Bert4Rec { get; init; } = new();

    /// <summary>Re-ranker settings (its <see cref="Rerank.RerankerOptions.ExcludeHistory"/> is taken from <see cref="ExcludeHistory"/>).</summary>
    public Rerank.RerankerOptions Reranker { get; init; } = new();
}
