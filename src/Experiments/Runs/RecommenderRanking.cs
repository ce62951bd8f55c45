using MarketLab.Evaluation.Ranking;

namespace MarketLab.Experiments.Runs;

/// <summary>
/// What a recommender candidate stores: its figures under the sampled protocol and full ranking with bootstrap
/// intervals over users, catalogue coverage and popularity bias of its top lists, and every user's rank outcome, so
/// the runner can pair candidates user by user (<see cref="Statistics.RunStatistics"/>) without refitting them.
/// </summary>
/// <param name="Users">Evaluated users.</param>
/// <param name="Items">Candidate items.</param>
/// <param name="Negatives">Sampled negatives per user (0: full ranking only).</param>
/// <param name="ListLength">Length of the top lists behind coverage and popularity bias.</param>
/// <param name="Sampled">Metrics against the sampled negatives (empty without negatives).</param>
/// <param name="Full">Metrics against all items.</param>
/// <param name="Coverage">Share of the catalogue that appears in some top list.</param>
/// <param name="PopularityBias">Average training popularity of the recommended items (ARP).</param>
/// <param name="SampledRanks">Per-user outcomes under the sampled protocol; null without negatives.</param>
/// <param name="FullRanks">Per-user outcomes under full ranking.</param>
public sealed record RecommenderRanking(
    int Users, int Items, int Negatives, int ListLength,
    IReadOnlyList<RankingFigure> Sampled, IReadOnlyList<RankingFigure> Full, double Coverage, double PopularityBias,
    RankOutcomes? SampledRanks, RankOutcomes FullRanks);

/// <summary>One metric (<c>Hit@10</c>, <c>NDCG@10</c>, <c>MRR</c>) with its percentile bootstrap interval over users.</summary>
public sealed record RankingFigure(string Metric, int K, double Estimate, double Lower, double Upper)
{
    /// <summary>The figure of an estimate from src/Evaluation/Ranking.</summary>
    public static RankingFigure Of(RankingEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return new RankingFigure(estimate.Metric.ToString(), estimate.Metric.K, estimate.Estimate, estimate.Interval.Lower, estimate.Interval.Upper);
    }
}

/// <summary>Per-user rank outcomes in three parallel arrays (items scored above, tied with, and ranked against the held-out item).</summary>
public sealed record RankOutcomes(int[] Higher, int[] Tied, int[] Candidates)
{
    /// <summary>Packs outcomes.</summary>
    public static RankOutcomes Of(IReadOnlyList<RankOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return new RankOutcomes(outcomes.Select(o => o.Higher).ToArray(), outcomes.Select(o => o.Tied).ToArray(), outcomes.Select(o => o.Candidates).ToArray());
    }

    /// <summary>The outcomes again.</summary>
    public IReadOnlyList<RankOutcome> ToList() => Enumerable.Range(0, Higher.Length).Select(u => new RankOutcome(Higher[u], Tied[u], Candidates[u])).ToList();
}
