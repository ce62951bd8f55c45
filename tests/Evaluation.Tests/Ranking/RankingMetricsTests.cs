using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Ranking;

namespace MarketLab.Evaluation.Tests.Ranking;

public class RankingMetricsTests
{
    // Hand-computed example, three users (0-based positions):
    //  u1: target .9 among {.95, .5, .9, .1} -> 1 higher, 1 tied: position 1 or 2.
    //      Expected: Hit@1 = 0, Hit@2 = 1/2, NDCG@10 = (1/log2 3 + 1/log2 4)/2 = (0.6309298 + 0.5)/2 = 0.5654649,
    //      RR = (1/2 + 1/3)/2 = 0.4166667. Pessimistic (position 2): Hit@2 = 0, NDCG@10 = 0.5, RR = 1/3.
    //      Optimistic (position 1): Hit@2 = 1, NDCG@10 = 0.6309298, RR = 1/2.
    //  u2: target .2 among {.1, 0} -> position 0: every metric 1.
    //  u3: an item the model does not know -> ranked last of 100 candidates, position 100: Hit@10 = NDCG@10 = 0, RR = 1/101.
    //  Means (Expected): NDCG@10 = (0.5654649 + 1 + 0)/3 = 0.5218216; MRR = (0.4166667 + 1 + 0.0099010)/3 = 0.4755226;
    //  Hit@2 = (0.5 + 1 + 0)/3 = 0.5.
    private static readonly RankOutcome[] Users =
    [
        RankOutcome.FromScores(0.9, [0.95, 0.5, 0.9, 0.1]),
        RankOutcome.FromScores(0.2, [0.1, 0.0]),
        RankOutcome.Miss(100),
    ];

    [Fact]
    public void HandExampleCountsTies()
    {
        Assert.Equal(new RankOutcome(1, 1, 4), Users[0]);
        Assert.Equal(new RankOutcome(0, 0, 2), Users[1]);
        Assert.Equal(new RankOutcome(100, 0, 100), Users[2]);
    }

    [Fact]
    public void HandExampleExpectedTies()
    {
        Assert.Equal(0, RankMetrics.Value(RankMetric.HitAt(1), Users[0]), 12);
        Assert.Equal(0.5, RankMetrics.Value(RankMetric.HitAt(2), Users[0]), 12);
        Assert.Equal(0.5654648767857287, RankMetrics.Value(RankMetric.NdcgAt(10), Users[0]), 12);
        Assert.Equal(5.0 / 12, RankMetrics.Value(RankMetric.Mrr, Users[0]), 12);
        Assert.Equal(0.5218216255952429, RankMetrics.Mean(RankMetric.NdcgAt(10), Users), 12);
        Assert.Equal((5.0 / 12 + 1 + 1.0 / 101) / 3, RankMetrics.Mean(RankMetric.Mrr, Users), 12);
        Assert.Equal(0.5, RankMetrics.Mean(RankMetric.HitAt(2), Users), 12);
    }

    [Fact]
    public void HandExamplePessimisticAndOptimistic()
    {
        Assert.Equal(0, RankMetrics.Value(RankMetric.HitAt(2), Users[0], TieBreaking.Pessimistic), 12);
        Assert.Equal(0.5, RankMetrics.Value(RankMetric.NdcgAt(10), Users[0], TieBreaking.Pessimistic), 12);
        Assert.Equal(1.0 / 3, RankMetrics.Value(RankMetric.Mrr, Users[0], TieBreaking.Pessimistic), 12);
        Assert.Equal(1, RankMetrics.Value(RankMetric.HitAt(2), Users[0], TieBreaking.Optimistic), 12);
        Assert.Equal(1 / Math.Log2(3), RankMetrics.Value(RankMetric.NdcgAt(10), Users[0], TieBreaking.Optimistic), 12);
    }

    [Fact]
    public void ConstantScorerGetsChanceLevelUnderExpectedTies()
    {
        // All 101 items tied: Hit@10 is the chance 10/101 exactly, the figure a random recommender has in expectation.
        var o = RankOutcome.FromScores(0.0, new double[100]);
        Assert.Equal(10 / 101.0, RankMetrics.Value(RankMetric.HitAt(10), o), 12);
        Assert.Equal(1, RankMetrics.Value(RankMetric.HitAt(10), o, TieBreaking.Optimistic));
        Assert.Equal(0, RankMetrics.Value(RankMetric.HitAt(10), o, TieBreaking.Pessimistic));
    }

    [Fact]
    public void NonFiniteScoresAreRejectedWithTheirIndex()
    {
        var e = Assert.Throws<ArgumentException>(() => RankOutcome.FromScores(0.5, [0.1, double.NaN]));
        Assert.Contains("candidates[1]", e.Message);
        Assert.Throws<ArgumentException>(() => RankOutcome.FromScores(float.NaN, ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void BadOutcomeAndMetricAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RankOutcome(3, 2, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankMetric.HitAt(0));
        Assert.Throws<ArgumentException>(() => RankMetrics.Mean(RankMetric.Mrr, []));
    }

    [Fact]
    public void SummaryIsDeterministicForASeedAndCoversTheMean()
    {
        var rng = new Random(7);
        var outcomes = Enumerable.Range(0, 500).Select(_ => new RankOutcome(rng.Next(0, 40), rng.Next(0, 3), 100)).ToArray();
        var options = new RankingEvaluationOptions { Bootstrap = new BootstrapOptions { Resamples = 500, Method = BootstrapMethod.Percentile, Seed = 3 } };
        var a = RankingSummary.Summarize(outcomes, RankMetric.Standard(10), options);
        var b = RankingSummary.Summarize(outcomes, RankMetric.Standard(10), options);
        Assert.Equal(a, b);
        foreach (var row in a)
        {
            Assert.Equal(RankMetrics.Mean(row.Metric, outcomes), row.Estimate, 12);
            Assert.True(row.Interval.Lower < row.Estimate && row.Estimate < row.Interval.Upper, $"{row.Metric}: {row.Interval} around {row.Estimate}");
        }
        var other = RankingSummary.Summarize(outcomes, [RankMetric.HitAt(10)], options with { Bootstrap = options.Bootstrap with { Seed = 4 } });
        Assert.NotEqual(a[0].Interval, other[0].Interval);
    }

    [Fact]
    public void PairedIntervalIsNarrowerThanTheSeparateOnesForCorrelatedModels()
    {
        // B is A pushed down by one to three places for a third of users: strongly correlated per-user values.
        var rng = new Random(11);
        var a = Enumerable.Range(0, 800).Select(_ => new RankOutcome(rng.Next(0, 30), 0, 100)).ToArray();
        var b = a.Select(o => new RankOutcome(Math.Min(100, o.Higher + (rng.Next(3) == 0 ? rng.Next(1, 4) : 0)), 0, 100)).ToArray();
        var paired = PairedRankingTest.Compare(RankMetric.NdcgAt(10), a, b);
        var separate = RankingSummary.Summarize(a, [RankMetric.NdcgAt(10)])[0];
        Assert.True(paired.Difference > 0);
        Assert.True(paired.Interval.Lower > 0, $"paired interval {paired.Interval}");
        Assert.True(paired.Interval.Width < separate.Interval.Width / 3, $"paired width {paired.Interval.Width} vs separate {separate.Interval.Width}");
        Assert.True(paired.PValue < 1e-6);
        var same = PairedRankingTest.Compare(RankMetric.NdcgAt(10), a, a);
        Assert.Equal(1, same.PValue);
        Assert.Throws<ArgumentException>(() => PairedRankingTest.Compare(RankMetric.NdcgAt(10), a, b[..10]));
    }

    [Fact]
    public void NegativeSamplerDrawsDistinctUnseenItemsReproducibly()
    {
        var history = new HashSet<int> { 1, 2, 3, 50 };
        int[] first = NegativeSampler.Draw(60, history, 56, new Random(5));
        int[] again = NegativeSampler.Draw(60, history, 56, new Random(5));
        Assert.Equal(first, again);
        Assert.Equal(56, first.Distinct().Count());
        Assert.DoesNotContain(first, history.Contains);
        Assert.All(first, i => Assert.InRange(i, 1, 60));
        Assert.Throws<ArgumentException>(() => NegativeSampler.Draw(60, history, 57, new Random(5)));
    }
}
