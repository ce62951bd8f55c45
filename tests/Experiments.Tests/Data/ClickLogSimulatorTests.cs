using MarketLab.Evaluation.OffPolicy;
using MarketLab.Experiments.Data.Synthetic;

namespace MarketLab.Experiments.Tests.Data;

public class ClickLogSimulatorTests
{
    private static IReadOnlyList<double> Uniform(IReadOnlyList<double> _) => [0.2, 0.2, 0.2, 0.2, 0.2];

    private static IReadOnlyList<double> FirstFeatureGreedy(IReadOnlyList<double> x)
    {
        var pi = new double[5];
        pi[x[0] > 0 ? 1 : 3] = 1;
        return pi;
    }

    [Fact]
    public void SameSeedGivesSameLog()
    {
        var options = new ClickLogOptions { Rounds = 200, Seed = 9 };
        var a = ClickLogSimulator.Generate(options).Rounds;
        var b = ClickLogSimulator.Generate(options).Rounds;
        Assert.Equal(a.Select(r => (r.Action, r.Reward, r.LoggingPropensity)), b.Select(r => (r.Action, r.Reward, r.LoggingPropensity)));
        Assert.Equal(a.SelectMany(r => r.Context), b.SelectMany(r => r.Context));
    }

    [Fact]
    public void LoggingPoliciesAreDistributionsAndPropensitiesMatchThem()
    {
        var log = ClickLogSimulator.Generate(new ClickLogOptions { Rounds = 500, Seed = 2 });
        Assert.All(log.Rounds, r =>
        {
            Assert.Equal(1, r.LoggingPolicy.Sum(), 12);
            Assert.Equal(r.LoggingPolicy[r.Action], r.LoggingPropensity);
            Assert.InRange(r.LoggingPropensity, double.Epsilon, 1);
        });
    }

    [Fact]
    public void OffPolicyEstimatesCoverTheTrueValueOfATargetPolicy()
    {
        // IPS and DR with the true q as the model, on 50,000 rounds: each within 4 SE of the exact value.
        var log = ClickLogSimulator.Generate(new ClickLogOptions { Rounds = 50_000, Seed = 5 });
        double truth = log.TrueValue(FirstFeatureGreedy);
        var feedback = LoggedFeedback.Create(log.Rewards(), log.LoggingPropensities(), log.TargetProbabilities(FirstFeatureGreedy));
        var model = OutcomePredictions.Create(
            log.Rounds.Select(r => r.RewardProbabilities[r.Action]).ToArray(),
            log.Rounds.Select(r => FirstFeatureGreedy(r.Context).Select((p, a) => p * r.RewardProbabilities[a]).Sum()).ToArray());
        foreach (var e in new[] { OffPolicyEvaluation.InversePropensityScoring(feedback), OffPolicyEvaluation.DoublyRobust(feedback, model) })
            Assert.True(Math.Abs(e.Value - truth) < 4 * e.StandardError, $"{e.Estimator}: {e.Value:G4} vs true {truth:G4} (SE {e.StandardError:G3})");
    }

    [Fact]
    public void UniformPolicyValueIsTheMeanClickProbability()
    {
        var log = ClickLogSimulator.Generate(new ClickLogOptions { Rounds = 300, Seed = 1 });
        Assert.Equal(log.Rounds.Average(r => r.RewardProbabilities.Average()), log.TrueValue(Uniform), 12);
    }

    [Fact]
    public void PolicyWithWrongActionCountIsRejected()
    {
        var log = ClickLogSimulator.Generate(new ClickLogOptions { Rounds = 10 });
        var e = Assert.Throws<ArgumentException>(() => log.TrueValue(_ => [1.0]));
        Assert.Equal("policy", e.ParamName);
    }
}
