using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>What every tuner promises: determinism, parallel proposals, failure handling, id checks.</summary>
public class TunerContractTests
{
    private static readonly SearchSpace Space = new(
        new FloatParameter("x", 0, 1),
        new IntParameter("n", 1, 1000, 1, ParameterScale.Log, CostDirection.LowIsCheap),
        new ChoiceParameter("c", "a", "b", "c"));

    private static readonly SearchSpace Discrete = new(new IntParameter("n", 1, 6), new ChoiceParameter("c", "a", "b", "c"));

    public static TheoryData<string> Tuners => new() { "random", "grid", "cfo", "eci", "smac" };

    private static ITuner Create(string name, SearchSpace space, int seed) => name switch
    {
        "random" => new RandomSearchTuner(space, new TunerOptions { Seed = seed }),
        "grid" => new GridSearchTuner(space, new GridSearchOptions { Seed = seed, WhenExhausted = GridExhaustion.Cycle }),
        "cfo" => new CfoTuner(space, new CfoOptions { Seed = seed }),
        "eci" => new EciTuner([new LearnerSpace("A", space), new LearnerSpace("B", space, 2)], new CfoOptions { Seed = seed }),
        "smac" => new SmacTuner(space, new SmacOptions { Seed = seed, RandomCandidates = 100 }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static double Loss(Trial t) =>
        Math.Pow(t.Parameters.GetDouble("x") - 0.4, 2) + Math.Abs(Math.Log(t.Parameters.GetInt("n") / 50.0)) + (t.Parameters.GetChoice("c") == "b" ? 0 : 1);

    [Theory]
    [MemberData(nameof(Tuners))]
    public void Same_seed_and_same_updates_give_the_same_trials(string name)
    {
        var a = Objectives.Run(Create(name, Space, 11), Loss, 40, parallel: 3);
        var b = Objectives.Run(Create(name, Space, 11), Loss, 40, parallel: 3);
        Assert.Equal(a.Select(r => r.Trial), b.Select(r => r.Trial));
    }

    [Theory]
    [MemberData(nameof(Tuners))]
    public void Different_seeds_give_different_trials(string name)
    {
        if (name == "grid") return; // grid order is fixed by design
        var a = Objectives.Run(Create(name, Space, 1), Loss, 15);
        var b = Objectives.Run(Create(name, Space, 2), Loss, 15);
        Assert.NotEqual(a.Select(r => r.Trial.Parameters), b.Select(r => r.Trial.Parameters));
    }

    [Theory]
    [MemberData(nameof(Tuners))]
    public void Outstanding_proposals_never_duplicate(string name)
    {
        var tuner = Create(name, Discrete, 5);
        var first = Enumerable.Range(0, 12).Select(_ => tuner.Propose()!).ToArray();
        var keys = first.Select(t => (t.Learner, t.Parameters)).ToArray();
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 12), first.Select(t => t.Id));
    }

    [Theory]
    [MemberData(nameof(Tuners))]
    public void Failed_trials_are_absorbed_and_the_search_goes_on(string name)
    {
        var tuner = Create(name, Space, 3);
        var best = double.PositiveInfinity;
        for (var i = 0; i < 60; i++)
        {
            var t = tuner.Propose()!;
            if (i % 3 == 1 || i == 0) tuner.Update(TrialResult.Failed(t.Id, 0.5));
            else if (i % 7 == 3) tuner.Update(TrialResult.Succeeded(t.Id, double.NaN, 1)); // NaN metric counts as failure
            else
            {
                best = Math.Min(best, Loss(t));
                tuner.Update(TrialResult.Succeeded(t.Id, Loss(t), 1));
            }
        }

        Assert.True(best < 1.5, $"best {best}");
    }

    [Theory]
    [MemberData(nameof(Tuners))]
    public void Unknown_or_repeated_trial_ids_are_rejected(string name)
    {
        var tuner = Create(name, Space, 3);
        var t = tuner.Propose()!;
        Assert.Throws<ArgumentException>(() => tuner.Update(TrialResult.Succeeded(t.Id + 1, 0, 1)));
        tuner.Update(TrialResult.Succeeded(t.Id, 0, 1));
        Assert.Contains($"Trial {t.Id}", Assert.Throws<ArgumentException>(() => tuner.Update(TrialResult.Succeeded(t.Id, 0, 1))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => tuner.Update(TrialResult.Succeeded(tuner.Propose()!.Id, 0, -1)));
    }

    [Theory]
    [MemberData(nameof(Tuners))]
    public void Maximize_goal_finds_the_maximum(string name)
    {
        var tuner = name switch
        {
            "random" => new RandomSearchTuner(Space, new TunerOptions { Goal = OptimizationGoal.Maximize }),
            "grid" => new GridSearchTuner(Space, new GridSearchOptions { Goal = OptimizationGoal.Maximize }),
            "cfo" => new CfoTuner(Space, new CfoOptions { Goal = OptimizationGoal.Maximize }),
            "eci" => new EciTuner([new LearnerSpace("A", Space)], new CfoOptions { Goal = OptimizationGoal.Maximize }),
            _ => (ITuner)new SmacTuner(Space, new SmacOptions { Goal = OptimizationGoal.Maximize, RandomCandidates = 100 }),
        };
        var runs = Objectives.Run(tuner, t => -Loss(t), 80);
        Assert.True(runs.Max(r => r.Metric) > -0.6, $"best {runs.Max(r => r.Metric)}");
    }
}
