using MarketLab.Experiments.Data;
using MarketLab.Experiments.Uplift;

namespace MarketLab.Experiments.Tests.Uplift;

// Issue: "On Hillstrom: Womens E-Mail versus No E-Mail, T-learner, X-learner and class transformation on
// visit and conversion, Qini and AUUC on a held-out split with bootstrap intervals, and the incremental
// visits of targeting the top 30% against random targeting." The numbers are in docs/uplift.md.
public class HillstromUpliftTests(Xunit.Abstractions.ITestOutputHelper output)
{
    internal static IUpliftLearner[] Learners() =>
    [
        new TLearner(),
        new XLearner(),
        new ClassTransformation(),
    ];

    // The defaults marketlab uplift uses: 30% held out with seed 1, 200 bootstrap resamples.
    private static UpliftEvaluationReport Evaluate(UpliftData data) =>
        UpliftEvaluation.Evaluate(new UpliftEvaluationRequest(UpliftHoldout.Create(data, null, 0.3, 1),
            Learners().Select(l => UpliftContender.Fitting(l)).ToList(), new UpliftEvaluationOptions()));

    [SharedDataFact(Hillstrom.RelativePath)]
    public void LearnersTargetVisitsBetterThanRandom()
    {
        var report = Evaluate(Hillstrom.Load(Hillstrom.WomensEmail, HillstromOutcome.Visit));
        Print(report);
        Assert.Equal(42693, report.TrainRows + report.TestRows);
        // The women's e-mail lifts visits by about 4.5 points on average.
        Assert.InRange(report.AverageUplift, 0.03, 0.06);
        foreach (var learner in report.Learners)
        {
            var ranking = learner.Ranking!;
            Assert.True(ranking.Qini > 0, $"{learner.Learner}: Qini {ranking.Qini}");
            Assert.True(ranking.QiniInterval!.Value.Contains(ranking.Qini));
            Assert.True(ranking.AuucInterval!.Value.Lower < ranking.Auuc && ranking.Auuc < ranking.AuucInterval.Value.Upper);
            // Targeting the top 30% by predicted uplift yields more incremental visits than 30% at random.
            Assert.True(learner.GainOverRandom > 0, $"{learner.Learner}: top 30% gain over random {learner.GainOverRandom}");
        }
    }

    [SharedDataFact(Hillstrom.RelativePath)]
    public void ConversionUpliftIsSmallAndUncertain()
    {
        var report = Evaluate(Hillstrom.Load(Hillstrom.WomensEmail, HillstromOutcome.Conversion));
        Print(report);
        Assert.InRange(report.AverageUplift, 0.0, 0.01);
        Assert.All(report.Learners, l => Assert.True(l.Ranking!.QiniInterval!.Value.Width > 0));
    }

    private void Print(UpliftEvaluationReport r)
    {
        output.WriteLine($"train {r.TrainRows}, test {r.TestRows}, average uplift {r.AverageUplift:F4} {r.AverageUpliftInterval}; random 30%: {r.RandomTargetingIncremental:F1} {r.RandomTargetingInterval}");
        foreach (var l in r.Learners)
            output.WriteLine($"{l.Learner}: Qini {l.Ranking!.Qini:F4} {l.Ranking.QiniInterval}, AUUC {l.Ranking.Auuc:F4} {l.Ranking.AuucInterval}, uplift@30% {l.Ranking.UpliftAtTarget:F4}, top 30% {l.Targeted.IncrementalConversions:F1} {l.Targeted.IncrementalInterval}, gain over random {l.GainOverRandom:F1}, {l.TrainSeconds:F1}s");
    }
}
