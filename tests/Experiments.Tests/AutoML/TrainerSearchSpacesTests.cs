using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;

namespace MarketLab.Experiments.Tests.AutoML;

public class TrainerSearchSpacesTests
{
    [Theory]
    [InlineData(AutoMLTask.BinaryClassification, "LightGbm,FastTree,FastForest,SdcaLogisticRegression,LbfgsLogisticRegression")]
    [InlineData(AutoMLTask.MulticlassClassification, "LightGbm,FastTreeOva,SdcaMaximumEntropy,LbfgsMaximumEntropy")]
    [InlineData(AutoMLTask.Regression, "LightGbm,FastTree,FastForest,Sdca,LbfgsPoisson")]
    public void Each_task_lists_its_trainers(AutoMLTask task, string trainers)
    {
        Assert.Equal(trainers.Split(','), TrainerSearchSpaces.For(task).Select(l => l.Name));
    }

    [Fact]
    public void Every_default_is_the_cheap_end_of_its_cost_driving_parameters()
    {
        foreach (var task in Enum.GetValues<AutoMLTask>())
        foreach (var learner in TrainerSearchSpaces.For(task))
        foreach (var p in learner.Space.Parameters.OfType<IntParameter>())
        {
            if (p.Cheap == CostDirection.LowIsCheap) Assert.Equal(p.Min, p.Default.AsInt());
            if (p.Cheap == CostDirection.HighIsCheap) Assert.Equal(p.Max, p.Default.AsInt());
        }
    }

    [Fact]
    public void Tree_learners_start_with_four_trees_of_four_leaves()
    {
        var lgbm = TrainerSearchSpaces.For(AutoMLTask.Regression, TrainerName.LightGbm).Default;
        Assert.Equal(4, lgbm.GetInt("NumberOfTrees"));
        Assert.Equal(4, lgbm.GetInt("NumberOfLeaves"));
        Assert.Equal(4, TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, TrainerName.FastForest).Default.GetInt("NumberOfTrees"));
    }

    [Fact]
    public void Unknown_trainer_for_a_task_names_the_allowed_ones()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TrainerSearchSpaces.For(AutoMLTask.Regression, TrainerName.SdcaMaximumEntropy));
        Assert.Contains("LbfgsPoisson", e.Message);
    }

    [Theory]
    [InlineData(300, 300)]
    [InlineData(3, 8)]
    [InlineData(1_000_000, 32768)]
    public void Trees_and_leaves_are_bounded_by_the_training_rows(int rows, int cap)
    {
        var learner = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Single(l => l.Name == "FastForest");
        var bounded = TrainerSearchSpaces.BoundByRows(learner, rows);
        foreach (var name in new[] { "NumberOfTrees", "NumberOfLeaves" })
            Assert.Equal(cap, bounded.Space.Parameters.OfType<IntParameter>().Single(p => p.Name == name).Max);
        Assert.Equal(learner.Space.Default, bounded.Space.Default);
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
            Assert.InRange(bounded.Space.Sample(random).GetInt("NumberOfTrees"), 4, cap);
    }
}
