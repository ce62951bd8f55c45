using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.Tests.AutoML;

public class CfoTunerTests
{
    /// <summary>Cost grows with trees; the loss is minimal at 64 trees (the FLAML paper's setting in miniature).</summary>
    private static readonly SearchSpace Space = new(
        new IntParameter("NumberOfTrees", 4, 32768, 4, ParameterScale.Log, CostDirection.LowIsCheap),
        new FloatParameter("LearningRate", 1.0 / 1024, 1, 0.1, ParameterScale.Log));

    private static double Loss(Trial t) =>
        Math.Pow(Math.Log2(t.Parameters.GetInt("NumberOfTrees") / 64.0), 2) + Math.Pow(Math.Log10(t.Parameters.GetDouble("LearningRate") / 0.05), 2);

    private static double Cost(Trial t) => t.Parameters.GetInt("NumberOfTrees");

    [Fact]
    public void First_trial_is_the_cheap_default()
    {
        Assert.Equal(Space.Default, new CfoTuner(Space).Propose()!.Parameters);
    }

    [Fact]
    public void Cfo_reaches_the_optimum_for_a_fraction_of_random_searchs_cost()
    {
        var cfo = Objectives.Run(new CfoTuner(Space, new CfoOptions { Seed = 1 }), Loss, 80, cost: Cost);
        var random = Objectives.Run(new RandomSearchTuner(Space, new TunerOptions { Seed = 1 }), Loss, 80, cost: Cost);
        Assert.True(cfo.Min(r => r.Metric) < 0.01, $"cfo {cfo.Min(r => r.Metric)}, random {random.Min(r => r.Metric)}");
        var cfoCost = cfo.Sum(r => Cost(r.Trial));
        var randomCost = random.Sum(r => Cost(r.Trial));
        Assert.True(cfoCost * 10 < randomCost, $"cfo cost {cfoCost}, random cost {randomCost}");
    }

    [Fact]
    public void Converged_search_restarts_and_keeps_proposing()
    {
        var tuner = new CfoTuner(new SearchSpace(new IntParameter("n", 1, 4)), new CfoOptions { Seed = 1 });
        var runs = Objectives.Run(tuner, t => Math.Abs(t.Parameters.GetInt("n") - 3), 20);
        Assert.Equal(20, runs.Count);
        Assert.Equal(0, runs.Min(r => r.Metric));
        Assert.True(tuner.Restarts > 0);
    }
}
