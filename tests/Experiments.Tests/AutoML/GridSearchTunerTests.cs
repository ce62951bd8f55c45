using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.Tests.AutoML;

public class GridSearchTunerTests
{
    private static readonly SearchSpace Space = new(new FloatParameter("a", 0, 1), new IntParameter("n", 1, 3));

    [Fact]
    public void Stops_after_every_point_in_a_fixed_order()
    {
        var tuner = new GridSearchTuner(Space, new GridSearchOptions { StepsPerDimension = 3 });
        var trials = Enumerable.Range(0, 9).Select(_ => tuner.Propose()!).ToArray();
        Assert.Null(tuner.Propose());
        Assert.Equal(9, trials.Select(t => t.Parameters).Distinct().Count());
        Assert.Equal([0.0, 0.0, 0.0, 0.5, 0.5, 0.5, 1.0, 1.0, 1.0], trials.Select(t => t.Parameters.GetDouble("a")));
        Assert.Equal([1, 2, 3, 1, 2, 3, 1, 2, 3], trials.Select(t => t.Parameters.GetInt("n")));
    }

    [Fact]
    public void Cycles_from_the_start_when_asked()
    {
        var tuner = new GridSearchTuner(Space, new GridSearchOptions { StepsPerDimension = 2, WhenExhausted = GridExhaustion.Cycle });
        var trials = Enumerable.Range(0, 5).Select(_ => tuner.Propose()!).ToArray(); // 2 × 2 points: n ∈ {1, 3}
        Assert.Equal(trials[0].Parameters, trials[4].Parameters);
        Assert.Equal(4, trials[4].Id);
    }

    [Fact]
    public void Nested_options_are_gridded_only_under_their_own_option()
    {
        var space = new SearchSpace(new ChoiceParameter("learner",
            [new ChoiceOption("trees", new SearchSpace(new IntParameter("leaves", 4, 64, 4, ParameterScale.Log))), "linear"]));
        var tuner = new GridSearchTuner(space, new GridSearchOptions { StepsPerDimension = 3 });
        var trials = new List<Trial>();
        while (tuner.Propose() is { } t) trials.Add(t);
        Assert.Equal(["trees", "trees", "trees", "linear"], trials.Select(t => t.Parameters.GetChoice("learner")));
        Assert.Equal([4, 16, 64], trials.Take(3).Select(t => t.Parameters.GetNested("learner").GetInt("leaves")));
    }

    [Fact]
    public void Invalid_options_name_the_value()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GridSearchTuner(Space, new GridSearchOptions { StepsPerDimension = 0 }));
        Assert.Equal("StepsPerDimension", e.ParamName);
    }
}
