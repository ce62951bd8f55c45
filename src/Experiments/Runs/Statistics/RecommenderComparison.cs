using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Runs.Statistics;

/// <summary>
/// The best recommender of a run (by its primary metric, NDCG@10 under full ranking; the earlier one on ties) against
/// each other recommender, paired over the same users: Hit@10 and NDCG@10 under the sampled protocol and full ranking,
/// with the paired t-test and paired bootstrap interval of <see cref="PairedRankingTest"/> (Smucker, Allan &amp;
/// Carterette 2007).
/// </summary>
/// <param name="Best">The recommender compared against the others.</param>
/// <param name="Tests">One row per other recommender, protocol and metric.</param>
public sealed record RecommenderComparison(string Best, IReadOnlyList<RankingPairedTest> Tests)
{
    /// <summary>The metrics compared.</summary>
    public static readonly IReadOnlyList<RankMetric> Metrics = [RankMetric.HitAt(10), RankMetric.NdcgAt(10)];

    /// <summary>The comparison, or null unless at least two completed candidates stored a ranking.</summary>
    public static RecommenderComparison? Compute(IReadOnlyList<CandidateRecord> candidates, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var rankers = candidates.Where(c => c.Status == CandidateStatus.Completed && c.Outcome?.Ranking is not null).ToList();
        if (rankers.Count < 2) return null;
        var best = rankers.OrderByDescending(c => c.Outcome!.PrimaryMetric is { } p && c.Outcome.Metrics.TryGetValue(p, out double v) ? v : double.NegativeInfinity)
            .ThenBy(c => c.Position).First();
        var options = new RankingEvaluationOptions { Bootstrap = new BootstrapOptions { Resamples = resamples, Method = BootstrapMethod.Percentile, Seed = seed } };
        var tests = new List<RankingPairedTest>();
        foreach (var other in rankers.Where(c => c != best))
        {
            RecommenderRanking a = best.Outcome!.Ranking!, b = other.Outcome!.Ranking!;
            foreach (var (protocol, ra, rb) in new[] { ("sampled", a.SampledRanks, b.SampledRanks), ("full", a.FullRanks, b.FullRanks) })
            {
                if (ra is null || rb is null) continue;
                foreach (var metric in Metrics)
                {
                    if (ra.Higher.Length != rb.Higher.Length || a.Negatives != b.Negatives)
                    {
                        tests.Add(RankingPairedTest.NotTested(best.Name, other.Name, protocol, metric.ToString(),
                            $"not the same users or protocol ({ra.Higher.Length} and {rb.Higher.Length} users, {a.Negatives} and {b.Negatives} negatives)"));
                        continue;
                    }
                    var r = PairedRankingTest.Compare(metric, ra.ToList(), rb.ToList(), options);
                    tests.Add(new RankingPairedTest(best.Name, other.Name, protocol, metric.ToString(), r.MeanA, r.MeanB, r.Difference,
                        r.Interval.Lower, r.Interval.Upper, r.PValue, r.Users, null));
                }
            }
        }
        return new RecommenderComparison(best.Name, tests);
    }
}

/// <summary>A paired comparison of recommender A with B on one metric under one protocol: means, A − B with its
/// paired bootstrap interval, the paired t-test's p-value; or, when they cannot be paired, <see cref="Problem"/>.</summary>
public sealed record RankingPairedTest(string A, string B, string Protocol, string Metric, double MeanA, double MeanB, double Difference,
    double Lower, double Upper, double PValue, int Users, string? Problem)
{
    /// <summary>A comparison that could not be made, with the reason.</summary>
    public static RankingPairedTest NotTested(string a, string b, string protocol, string metric, string problem) =>
        new(a, b, protocol, metric, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, problem);
}
