using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>Each tuner reaches the known optimum of a synthetic objective within a stated budget (fixed seeds).</summary>
public class ConvergenceTests
{
    private static double Best(ITuner tuner, Func<ParameterSet, double> f, int trials, int parallel = 1) =>
        Objectives.Run(tuner, t => f(t.Parameters), trials, parallel).Min(r => r.Metric);

    [Fact]
    public void Random_search_gets_within_0_5_of_Branin_in_300_trials()
    {
        var best = Best(new RandomSearchTuner(Objectives.BraninSpace, new TunerOptions { Seed = 1 }), Objectives.Branin, 300);
        Assert.True(best - Objectives.BraninMinimum < 0.5, $"gap {best - Objectives.BraninMinimum}");
    }

    [Fact]
    public void Grid_with_11_steps_hits_the_quadratic_optimum_on_its_grid_exactly()
    {
        var runs = Objectives.Run(new GridSearchTuner(Objectives.QuadraticSpace(2), new GridSearchOptions { StepsPerDimension = 11 }),
            t => Objectives.Quadratic(t.Parameters), 1000);
        Assert.Equal(121, runs.Count);
        Assert.True(runs.Min(r => r.Metric) < 1e-20);
    }

    [Fact]
    public void Cfo_solves_a_4d_quadratic_to_0_005_in_200_trials()
    {
        var best = Best(new CfoTuner(Objectives.QuadraticSpace(4), new CfoOptions { Seed = 1 }), Objectives.Quadratic, 200);
        Assert.True(best < 5e-3, $"best {best}");
    }

    [Fact]
    public void Cfo_gets_within_0_1_of_Branin_in_150_trials()
    {
        var best = Best(new CfoTuner(Objectives.BraninSpace, new CfoOptions { Seed = 1 }), Objectives.Branin, 150);
        Assert.True(best - Objectives.BraninMinimum < 0.1, $"gap {best - Objectives.BraninMinimum}");
    }

    [Fact]
    public void Cfo_with_4_parallel_trials_still_solves_the_quadratic()
    {
        var best = Best(new CfoTuner(Objectives.QuadraticSpace(3), new CfoOptions { Seed = 2 }), Objectives.Quadratic, 200, parallel: 4);
        Assert.True(best < 5e-3, $"best {best}");
    }

    [Fact]
    public void Smac_gets_within_0_1_of_Branin_in_60_trials()
    {
        var best = Best(new SmacTuner(Objectives.BraninSpace, new SmacOptions { Seed = 1 }), Objectives.Branin, 60);
        Assert.True(best - Objectives.BraninMinimum < 0.1, $"gap {best - Objectives.BraninMinimum}");
    }

    [Fact]
    public void Smac_solves_a_3d_quadratic_to_0_005_in_60_trials()
    {
        var best = Best(new SmacTuner(Objectives.QuadraticSpace(3), new SmacOptions { Seed = 1 }), Objectives.Quadratic, 60);
        Assert.True(best < 5e-3, $"best {best}");
    }

    [Fact]
    public void Smac_beats_random_search_with_the_same_budget_on_Branin()
    {
        var smac = Best(new SmacTuner(Objectives.BraninSpace, new SmacOptions { Seed = 4 }), Objectives.Branin, 50);
        var random = Best(new RandomSearchTuner(Objectives.BraninSpace, new TunerOptions { Seed = 4 }), Objectives.Branin, 50);
        Assert.True(smac < random, $"smac {smac}, random {random}");
    }

    /// <summary>Mixed space: the best choice ("rbf") holds the optimum of a float and a log-scale int.</summary>
    private static readonly SearchSpace MixedSpace = new(
        new ChoiceParameter("kernel", "linear", "poly", "rbf", "sigmoid"),
        new FloatParameter("c", 1e-3, 1e3, 1, ParameterScale.Log),
        new IntParameter("n", 1, 1000, 1, ParameterScale.Log, CostDirection.LowIsCheap));

    private static double Mixed(ParameterSet p) =>
        (p.GetChoice("kernel") == "rbf" ? 0 : 1) + Math.Pow(Math.Log10(p.GetDouble("c")) - 1, 2) + Math.Pow(Math.Log10(p.GetInt("n")) - 2, 2);

    [Theory]
    [InlineData("cfo", 150, 0.05)]
    [InlineData("smac", 80, 0.05)]
    [InlineData("random", 300, 0.15)]
    public void Mixed_space_with_a_choice_finds_the_right_option_and_values(string name, int trials, double tolerance)
    {
        ITuner tuner = name switch
        {
            "cfo" => new CfoTuner(MixedSpace, new CfoOptions { Seed = 3 }),
            "smac" => new SmacTuner(MixedSpace, new SmacOptions { Seed = 3 }),
            _ => new RandomSearchTuner(MixedSpace, new TunerOptions { Seed = 3 }),
        };
        var best = Objectives.Run(tuner, t => Mixed(t.Parameters), trials).MinBy(r => r.Metric);
        Assert.Equal("rbf", best.Trial.Parameters.GetChoice("kernel"));
        Assert.True(best.Metric < tolerance, $"best {best.Metric} at {best.Trial.Parameters}");
    }
}
