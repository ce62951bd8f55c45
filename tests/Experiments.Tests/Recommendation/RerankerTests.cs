using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation;
using MarketLab.Experiments.Recommendation.Rerank;

namespace MarketLab.Experiments.Tests.Recommendation;

public class RerankerTests
{
    private static LeaveOneOutSplit Split(string log) =>
        LeaveOneOutSplit.Create(UserSequences.Build(BehaviourLog.Read(new StringReader(log), "log.txt", BehaviourLogFormat.UserItemPairs)));

    // As RecommenderTests: a=1, b=2, c=3, d=4, e=5. Training: u1 a b c, u2 b c a, u3 c a b, u4 d e.
    // Popularity a b c 3, d e 1; transitions a→b 2, b→c 2, c→a 2, d→e 1; out(a) = out(b) = out(c) = 2, out(d) = 1.
    // Co-occurrences within 3 positions, either order: every pair of a, b, c once per sequence, C = 3 each; C(d, e) = 1;
    // totals C(a) = C(b) = C(c) = 6.
    private const string Log = "u1 a\nu1 b\nu1 c\nu1 a\nu1 d\nu2 b\nu2 c\nu2 a\nu2 b\nu2 c\nu3 c\nu3 a\nu3 b\nu3 c\nu3 a\nu4 d\nu4 e\n";

    private static Dictionary<string, float> Features(RerankStatistics stats, int[] history, int item)
    {
        var names = RerankFeatures.Names(stats.Categories is not null);
        var columns = names.Select(_ => new float[1]).ToArray();
        RerankFeatures.Compute(stats, window: 5, decay: 0.5, history, [item], columns, 0);
        return names.Select((n, i) => (n, columns[i][0])).ToDictionary(p => p.n, p => p.Item2);
    }

    [Fact]
    public void FeaturesEqualHandComputedValues()
    {
        var split = Split(Log);
        // Categories a, b → 0, c → 1, d → 2, e unknown.
        var stats = RerankStatistics.Build(split.Users.Select(u => u.Train), split.Vocabulary, [-1, 0, 0, 1, 2, -1, -1]);
        int[] history = [1, 2, 3, 1];   // u1's test input a b c a; looking back: a (k=1), c, b, a (k=4)
        var b = Features(stats, history, 2);
        Assert.Equal(MathF.Log(4), b["log_popularity"], 6);          // count(b) = 3
        Assert.Equal(MathF.Log(3), b["last_transitions"], 6);        // T(a→b) = 2
        Assert.Equal(1f, b["last_transition_share"], 6);             // 2 / out(a) = 2 / 2
        Assert.Equal(1.125f, b["window_transitions"], 6);            // k=1 a: 1 · 2/2; k=4 a: 0.5³ · 2/2
        Assert.Equal(1f, b["history_count"]);
        Assert.Equal(1f / 3, b["inverse_recency"], 6);               // b is 3 positions back
        Assert.Equal(MathF.Log(5), b["log_history_length"], 6);
        Assert.Equal(MathF.Log(4), b["last_cooccurrences"], 6);      // C(a, b) = 3
        Assert.Equal(0.8125f, b["window_cooccurrences"], 6);         // a: 3/6, c: 0.5 · 3/6, b: C(b, b) = 0, a: 0.125 · 3/6
        Assert.Equal(1f, b["same_category_as_last"]);                // a and b share category 0
        Assert.Equal(0.75f, b["window_category_share"], 6);          // a, c, b, a: three of four in category 0

        var a = Features(stats, history, 1);
        Assert.Equal((0f, 0f), (a["last_transitions"], a["last_transition_share"]));   // no a→a
        Assert.Equal(0.5f, a["window_transitions"], 6);              // k=2 c: 0.5 · T(c→a) / out(c) = 0.5 · 2/2
        Assert.Equal((2f, 1f), (a["history_count"], a["inverse_recency"]));

        var e = Features(stats, history, 5);
        Assert.Equal(MathF.Log(2), e["log_popularity"], 6);
        Assert.Equal((0f, 0f, 0f, 0f), (e["window_transitions"], e["history_count"], e["inverse_recency"], e["same_category_as_last"]));
        Assert.Equal((0f, 0f), (e["last_cooccurrences"], e["window_cooccurrences"]));   // e only co-occurs with d
        Assert.Equal(0f, e["window_category_share"]);                // unknown category matches nothing
    }

    [Fact]
    public void TrainingRowsNeverSeeTheirOwnTarget()
    {
        var split = Split(Log);
        var table = RerankTrainingSet.Build(split, new RerankerOptions { HardNegatives = 1, UniformNegatives = 1, Seed = 3 }, categories: null);
        // Every user has ≥ 2 training items: u1 target c after a b; u2 a after b c; u3 b after c a; u4 e after d.
        Assert.Equal(4, table.Users);
        var positives = Enumerable.Range(0, table.Labels.Length).Where(r => table.Labels[r]).ToArray();
        Assert.Equal(4, positives.Length);
        // Statistics without the targets: prefixes a b | b c | c a | d: T(b→c) = 1 (u2's), not 2 as with u1's own c.
        Assert.Equal(MathF.Log(2), table.Columns[1][positives[0]], 6);
        Assert.Equal(MathF.Log(3), table.Columns[0][positives[0]], 6);   // c counted twice (u2, u3), not three times
        // u4's transition d→e is its own target's: absent from its features.
        Assert.Equal(0f, table.Columns[1][positives[3]]);
        Assert.Equal(0f, table.Columns[0][positives[3]]);                // e occurs nowhere else
        // The history's items are never negatives (they are excluded from the ranking as well).
        int firstNegative = positives[0] + 1;
        Assert.All(Enumerable.Range(firstNegative, positives[1] - firstNegative), r => Assert.Equal(0f, table.Columns[4][r]));
    }

    // A log where the next item is determined by the previous one (item i → (7i + 3) mod 40) with 10% noise; seeded.
    private static LeaveOneOutSplit MarkovLog(int seed)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        for (int u = 0; u < 300; u++)
        {
            int item = random.Next(40), length = 5 + random.Next(6);
            for (int t = 0; t < length; t++)
            {
                lines.Add($"u{u} i{item}");
                item = random.NextDouble() < 0.1 ? random.Next(40) : (7 * item + 3) % 40;
            }
        }
        return Split(string.Join("\n", lines));
    }

    private static RecommendationResult Run(LeaveOneOutSplit split, int seed) =>
        RecommendationWorkflow.Run(new RecommendationRequest(split, [RecommenderKind.Popularity, RecommenderKind.Reranker])
        {
            Negatives = 20, Seed = seed,
            Evaluation = new RankingEvaluationOptions { Bootstrap = new BootstrapOptions { Resamples = 200, Method = BootstrapMethod.Percentile, Seed = seed } },
            Reranker = new RerankerOptions { MaxTrials = 4, TimeBudget = TimeSpan.FromMinutes(5), Seed = seed },
        });

    [Fact]
    public void BeatsPopularityWhenTheNextItemFollowsThePreviousOne()
    {
        var result = Run(MarkovLog(5), seed: 5);
        foreach (var protocol in new[] { "sampled", "full" })
        {
            var hit = result.Paired.Single(p => p.Protocol == protocol && p.Result.Metric == RankMetric.HitAt(10));
            Assert.Equal(("Reranker", "Popularity"), (hit.A, hit.B));
            Assert.True(hit.Result.Interval.Lower > 0, $"{protocol} Hit@10 difference {hit.Result.Difference} [{hit.Result.Interval.Lower}, {hit.Result.Interval.Upper}]");
        }
        // With 90% deterministic transitions the chain's next item is known: the re-ranker puts it first most of the time.
        double fullHit1 = result.Models[1].Full.Single(e => e.Metric == RankMetric.HitAt(1)).Estimate;
        Assert.True(fullHit1 > 0.7, $"full Hit@1 {fullHit1}");
        Assert.Contains(result.Notes, n => n == "Reranker full ranking: the model scores all 40 items.");
    }

    [Fact]
    public void SameSeedGivesTheSameMetrics()
    {
        var split = MarkovLog(8);
        var first = Run(split, seed: 2);
        var second = Run(split, seed: 2);
        Assert.Equal(first.Outcomes[1].Sampled, second.Outcomes[1].Sampled);
        Assert.Equal(first.Outcomes[1].Full, second.Outcomes[1].Full);
        Assert.Equal(first.Models[1].Full.Select(e => e.Estimate), second.Models[1].Full.Select(e => e.Estimate));
    }

    [Fact]
    public void ALargeCatalogueIsReRankedOverTheMarkovShortlist()
    {
        var split = MarkovLog(11);
        var options = new RerankerOptions { MaxTrials = 2, TimeBudget = TimeSpan.FromMinutes(5), Seed = 1, FullScoringLimit = 10, Shortlist = 6 };
        var model = RerankerTrainer.Fit(split, options);
        Assert.True(model.UsesShortlist);
        Assert.Contains("Markov top 6 plus 3", model.Note);
        int[] history = [1, 2];
        var row = new float[split.Vocabulary.Size];
        model.Score([history], [row]);
        // The shortlist (≤ 6 + 3 items, history excluded) scores above every other item.
        var stats = RerankStatistics.Build(split.Users.Select(u => u.Train), split.Vocabulary, null);
        var shortlist = RerankCandidates.Shortlist(stats, history, 6, options.Window, options.Decay, [.. history]);
        Assert.InRange(shortlist.Count, 6, 9);
        float lowestListed = shortlist.Min(id => row[id]);
        var others = Enumerable.Range(1, split.Vocabulary.Count).Except(shortlist).Except(history);
        Assert.All(others, id => Assert.True(row[id] < lowestListed, $"item {id}: {row[id]} ≥ {lowestListed}"));
        // The same fit scoring every item (the limit does not change training): equal scores on the shortlist, and the
        // sampled protocol's pairwise scores are the model's own for items outside the shortlist too.
        var everything = RerankerTrainer.Fit(split, options with { FullScoringLimit = 1000 });
        Assert.False(everything.UsesShortlist);
        var full = new float[split.Vocabulary.Size];
        everything.Score([history], [full]);
        Assert.All(shortlist, id => Assert.Equal(full[id], row[id]));
        int outside = others.First();
        var pair = new float[1];
        model.ScoreCandidates([history], [[outside]], [pair]);
        Assert.Equal(full[outside], pair[0]);
    }
}
