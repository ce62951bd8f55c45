using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation;

namespace MarketLab.Experiments.Tests.Recommendation;

public class RecommenderTests
{
    private static LeaveOneOutSplit Split(string log) =>
        LeaveOneOutSplit.Create(UserSequences.Build(BehaviourLog.Read(new StringReader(log), "log.txt", BehaviourLogFormat.UserItemPairs)));

    // Item ids by first appearance in training: a=1, b=2, c=3, d=4, e=5.
    //  u1: a b c | validation a, test d     u2: b c a | validation b, test c     u3: c a b | validation c, test a
    //  u4: d e (two events: training only).
    private const string Log = "u1 a\nu1 b\nu1 c\nu1 a\nu1 d\nu2 b\nu2 c\nu2 a\nu2 b\nu2 c\nu3 c\nu3 a\nu3 b\nu3 c\nu3 a\nu4 d\nu4 e\n";

    [Fact]
    public void PopularityCountsTrainingItemsOnly()
    {
        var split = Split(Log);
        var pop = PopularityRecommender.Fit(split);
        // Training: u1 a b c, u2 b c a, u3 c a b, u4 d e (short user, training only): a 3, b 3, c 3, d 1, e 1.
        Assert.Equal([0f, 3, 3, 3, 1, 1, 0], pop.Counts);
    }

    [Fact]
    public void MarkovScoresTransitionsWithPopularityBackoff()
    {
        var split = Split(Log);
        var markov = MarkovRecommender.Fit(split);
        var scores = new[] { new float[split.Vocabulary.Size] };
        markov.Score([[3]], scores);
        // Training transitions: a->b (u1, u3), b->c (u1, u2), c->a (u2, u3), d->e (u4). After c: a twice.
        // Back-off pop/(max pop + 1) = 3/4 for a, b, c and 1/4 for d, e.
        Assert.Equal(2 + 0.75f, scores[0][1], 6);
        Assert.Equal(0.75f, scores[0][2], 6);
        Assert.Equal(0.25f, scores[0][4], 6);
    }

    [Fact]
    public void FullRankingExcludesTheHistoryButNotTheTarget()
    {
        var split = Split(Log);
        var protocol = RankingProtocol.Create(split, EvaluationStage.Test, negatives: 1, seed: 3);
        var o = RecommenderEvaluator.Evaluate(PopularityRecommender.Fit(split), protocol, topK: 2);
        // u1: input a b c a, target d (count 1): candidates = 5 items − target − history {a, b, c} = {e}, tied at 1.
        Assert.Equal(new RankOutcome(0, 1, 1), o.Full[0]);
        // u2: input b c a b, target c (count 3), also in the history: it stays a candidate; {a, b} are excluded,
        // leaving d and e (count 1): c is first.
        Assert.Equal(new RankOutcome(0, 0, 2), o.Full[1]);
        // Top lists skip the history; d and e tie and the lower id comes first.
        Assert.Equal([4, 5], o.TopLists[0]);
        // u1's one sampled negative can only be e (the only item u1 never had): a tie again.
        Assert.Equal([5], protocol.Negatives[0]);
        Assert.Equal(new RankOutcome(0, 1, 1), o.Sampled[0]);
    }

    [Fact]
    public void KeepingTheHistoryRanksRepeatsAgainstEverything()
    {
        var split = Split(Log);
        var protocol = RankingProtocol.Create(split, EvaluationStage.Test, negatives: 0, seed: 3, excludeHistory: false);
        var o = RecommenderEvaluator.Evaluate(PopularityRecommender.Fit(split), protocol, topK: 2);
        // u2: target c (count 3) among all 4 other items: a and b tie with it (3), d and e below (1).
        Assert.Equal(new RankOutcome(0, 2, 4), o.Full[1]);
        Assert.Equal([1, 2], o.TopLists[1]);
        Assert.False(protocol.HasSampled);
    }

    [Fact]
    public void SameSeedSameNegatives()
    {
        var split = Split("u1 a\nu1 b\nu1 c\nu2 d\nu2 e\nu2 f\nu3 g\nu3 h\nu3 i\nu3 j\n");
        var a = RankingProtocol.Create(split, EvaluationStage.Test, 2, seed: 9);
        var b = RankingProtocol.Create(split, EvaluationStage.Test, 2, seed: 9);
        Assert.Equal(a.Negatives, b.Negatives);
        Assert.Equal(3, a.UnknownTargets);   // c, f, j never in training: misses for every model
        var o = RecommenderEvaluator.Evaluate(PopularityRecommender.Fit(split), a);
        Assert.All(o.Sampled, x => Assert.Equal(RankOutcome.Miss(2), x));
    }
}
