using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.Tests.AutoML;

public class LearnerSelectionTests
{
    private static readonly SearchSpace Space = Objectives.QuadraticSpace(2);

    /// <summary>Good: reaches 0 at cost 1 per trial; Poor: never below 0.5 at the same cost; Slow: as good but 10× the cost.</summary>
    private static readonly LearnerSpace[] Learners =
        [new("Poor", Space), new("Slow", Space), new("Good", Space)];

    private static double Loss(Trial t) => Objectives.Quadratic(t.Parameters) + (t.Learner == "Poor" ? 0.5 : 0);

    private static double Cost(Trial t) => t.Learner == "Slow" ? 10 : 1;

    [Fact]
    public void Eci_spends_most_trials_on_the_learner_that_improves_cheapest_and_finds_its_optimum()
    {
        var tuner = new EciTuner(Learners, new CfoOptions { Seed = 1 });
        var runs = Objectives.Run(tuner, Loss, 120, cost: Cost);
        var counts = tuner.TrialsPerLearner;
        Assert.True(counts["Good"] > counts["Poor"] && counts["Good"] > counts["Slow"], string.Join(", ", counts));
        Assert.True(counts["Good"] > 60, string.Join(", ", counts));
        var best = runs.MinBy(r => r.Metric);
        Assert.Equal("Good", best.Trial.Learner);
        Assert.True(best.Metric < 5e-3, $"best {best.Metric}");
    }

    [Fact]
    public void Every_learner_starts_at_its_own_cheap_default()
    {
        var tuner = new EciTuner(TrainerSearchSpaces.For(AutoMLTask.BinaryClassification), new CfoOptions { Seed = 2 });
        var runs = Objectives.Run(tuner, t => 1, 40);
        foreach (var group in runs.GroupBy(r => r.Trial.Learner))
        {
            var space = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Single(l => l.Name == group.Key).Space;
            Assert.Equal(space.Default, group.First().Trial.Parameters);
        }
    }

    [Fact]
    public void A_learner_that_always_fails_is_abandoned()
    {
        var tuner = new EciTuner([new("Broken", Space), new("Good", Space)], new CfoOptions { Seed = 3 });
        for (var i = 0; i < 80; i++)
        {
            var t = tuner.Propose()!;
            tuner.Update(t.Learner == "Broken" ? TrialResult.Failed(t.Id, 1) : TrialResult.Succeeded(t.Id, Loss(t), 1));
        }

        Assert.True(tuner.TrialsPerLearner["Broken"] < 10, string.Join(", ", tuner.TrialsPerLearner));
    }

    [Fact]
    public void Duplicate_learner_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new EciTuner([new("A", Space), new("A", Space)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EciTuner([new("A", Space, 0)]));
    }
}
