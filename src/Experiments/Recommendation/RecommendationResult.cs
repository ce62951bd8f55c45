using MarketLab.Evaluation.Ranking;

namespace MarketLab.Experiments.Recommendation;

/// <summary>One recommender's figures on the test items.</summary>
/// <param name="Name">The recommender.</param>
/// <param name="Sampled">Metrics against the sampled negatives, with bootstrap intervals over users.</param>
/// <param name="Full">Metrics against all items, with intervals.</param>
/// <param name="Coverage">Catalogue coverage of the top lists.</param>
/// <param name="PopularityBias">Average recommendation popularity of the top lists (ARP).</param>
/// <param name="TrainSeconds">Wall time of fitting.</param>
public sealed record RecommenderSummary(string Name, IReadOnlyList<RankingEstimate> Sampled, IReadOnlyList<RankingEstimate> Full,
    double Coverage, double PopularityBias, double TrainSeconds);

/// <summary>Everything a recommendation run reports.</summary>
/// <param name="Users">Evaluated users.</param>
/// <param name="Items">Candidate items.</param>
/// <param name="UnknownTargets">Users whose test item has no id (a miss for every model).</param>
/// <param name="Negatives">Sampled negatives per user.</param>
/// <param name="Models">Per-model figures.</param>
/// <param name="Paired">The last model against each other one (sampled and full Hit@10, NDCG@10).</param>
/// <param name="SasRecEpochs">SASRec's per-epoch progress, when it was trained.</param>
/// <param name="Outcomes">Per-model, per-user rank outcomes (the users in the order of the test protocol), for paired tests elsewhere.</param>
public sealed record RecommendationResult(int Users, int Items, int UnknownTargets, int Negatives,
    IReadOnlyList<RecommenderSummary> Models, IReadOnlyList<PairedComparison> Paired, IReadOnlyList<SasRec.SasRecProgress> SasRecEpochs,
    IReadOnlyList<RecommenderOutcomes> Outcomes)
{
    /// <summary>What the figures mean beyond the table: the time split's counts, the re-ranker's chosen model and
    /// whether its full ranking covered every item or a shortlist.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>A paired test under one protocol.</summary>
public sealed record PairedComparison(string A, string B, string Protocol, PairedRankingResult Result);
