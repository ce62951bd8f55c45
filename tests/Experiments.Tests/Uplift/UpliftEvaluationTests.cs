using MarketLab.Evaluation.Economics;
using MarketLab.Evaluation.Uplift;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Uplift;

namespace MarketLab.Experiments.Tests.Uplift;

// The one uplift evaluation (issue 14): marketlab uplift and the uplift spec candidates both call UpliftEvaluation.Evaluate.
// Its figures are the Evaluation library's metrics, themselves checked against scikit-uplift and by hand
// (tests/Evaluation.Tests/Uplift), applied to the held-out rows; these tests pin that wiring and the adapters' choices.
public class UpliftEvaluationTests
{
    private static UpliftHoldout Holdout(out double[] truth)
    {
        var data = UpliftLearnerTests.Synthetic(3000, 5, 0.5, out var effects);
        var holdout = UpliftHoldout.Create(data, effects, 0.4, 9);
        truth = holdout.TestTrueEffects!;
        return holdout;
    }

    [Fact]
    public void ScoredContenderGetsTheLibraryMetricsOfItsHeldOutRanking()
    {
        var holdout = Holdout(out var truth);
        // A noisy oracle: the true effect plus seeded noise, so the ranking is good but not perfect.
        var random = new Random(3);
        double[] scores = truth.Select(t => t + 0.1 * random.NextDouble()).ToArray();
        var options = new UpliftEvaluationOptions { TargetFraction = 0.3, BootstrapResamples = 0, Margin = 10, ContactCost = 0.5 };
        var report = UpliftEvaluation.Evaluate(new UpliftEvaluationRequest(holdout, [UpliftContender.Scored("oracle", scores)], options));

        double[] y = holdout.Test.Outcome.Select(v => (double)v).ToArray();
        double[] t = holdout.Test.Treatment.Select(v => v ? 1.0 : 0.0).ToArray();
        var learner = Assert.Single(report.Learners);
        Assert.Equal("oracle", learner.Learner);
        var ranking = learner.Ranking!;
        Assert.Equal(UpliftScores.QiniCoefficient(y, scores, t), ranking.Qini);
        Assert.Equal(UpliftScores.UpliftAuc(y, scores, t), ranking.Auuc);
        Assert.Equal(UpliftScores.UpliftAtK(y, scores, t, 0.3), ranking.UpliftAtTarget);
        Assert.Null(ranking.QiniInterval); // no resamples asked for
        Assert.True(ranking.Qini > 0.03, $"Qini {ranking.Qini}"); // a random ranking scores about 0

        var economics = new CampaignEconomicsOptions { Margin = 10, ContactCost = 0.5 };
        Assert.Equal(CampaignEconomics.ProfitCurve(scores, y, holdout.Test.Treatment, economics).Best, learner.HoldoutProfit.Best);
        var truthReport = learner.Truth!;
        Assert.Equal(UpliftScores.Pehe(scores, truth), truthReport.Pehe);
        Assert.Equal(CampaignEconomics.TrueProfitCurve(scores, truth, economics).Points.Single(p => p.Fraction == 0.3).Uplift, truthReport.UpliftAtTarget);
        // The top 30% by a near-oracle are the responsive customers (true effect +0.20).
        Assert.Equal(0.20, truthReport.UpliftAtTarget, 12);
        Assert.Equal(holdout.Test.Count, report.TestRows);
    }

    [Fact]
    public void BootstrapIntervalsSurroundTheEstimateAndRepeatWithTheSeed()
    {
        var holdout = Holdout(out var truth);
        var options = new UpliftEvaluationOptions { BootstrapResamples = 100, Seed = 4 };
        UpliftRanking Run() => UpliftEvaluation.Evaluate(new UpliftEvaluationRequest(holdout, [UpliftContender.Scored("truth", truth)], options)).Learners[0].Ranking!;
        var first = Run();
        Assert.True(first.QiniInterval!.Value.Lower < first.Qini && first.Qini < first.QiniInterval.Value.Upper);
        Assert.Equal(first.AuucInterval, Run().AuucInterval);
    }

    [Fact]
    public void UndefinedRankingIsReportedNotThrown()
    {
        var holdout = Holdout(out _);
        // No held-out responder: the Qini and AUUC normalisers are 0, so the ranking metrics are undefined.
        var noResponder = UpliftData.FromArrays(holdout.Test.Features.ToArray(), holdout.Test.Treatment.ToArray(), new float[holdout.Test.Count]);
        // Scores that put treated rows first: the top 30% holds no control row, so its uplift is undefined too.
        double[] treatedFirst = holdout.Test.Treatment.Select(t => t ? 1.0 : 0.0).ToArray();
        var report = UpliftEvaluation.Evaluate(new UpliftEvaluationRequest(holdout with { Test = noResponder, TestTrueEffects = null },
            [UpliftContender.Scored("r", treatedFirst)], new UpliftEvaluationOptions { BootstrapResamples = 0 }));
        Assert.Null(report.Learners[0].Ranking);
        Assert.Contains("no responder", report.Learners[0].RankingError);
        Assert.False(report.Learners[0].Targeted.IsValid);
    }

    [Fact]
    public void BadRequestsNameTheProblem()
    {
        var holdout = Holdout(out _);
        var e = Assert.Throws<ArgumentException>(() => UpliftEvaluation.Evaluate(new UpliftEvaluationRequest(holdout, [UpliftContender.Scored("short", [0.1, 0.2])], new UpliftEvaluationOptions())));
        Assert.Contains($"short: 2 scores for {holdout.Test.Count} held-out rows", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => UpliftEvaluation.Evaluate(new UpliftEvaluationRequest(holdout, [], new UpliftEvaluationOptions { BootstrapResamples = 50 })));
    }
}
