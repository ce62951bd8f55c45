using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>
/// Regression (issue 16): "ArgumentNullException: Value cannot be null. (Parameter 'items')" inside ML.NET's LightGBM
/// wrapper. It comes when LightGBM's first tree finds no split (dotnet/machinelearning#5022, #3913: the stack ends in
/// <c>RegressionTreeBase..ctor</c> → <c>ImmutableArray.Create(null, ...)</c> on a one-leaf tree).
/// </summary>
public sealed class LightGbmItemsTests
{
    private sealed class Row
    {
        public bool Label { get; set; }

        [Microsoft.ML.Data.VectorType(3)]
        public float[] Features { get; set; } = [];
    }

    private static IDataView Rows(MLContext ml, int n) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(i => new Row { Label = i >= n / 2, Features = [i, i % 3, (i * 7) % 5] }));

    [Theory]
    [InlineData(128, 0.0)]  // 60 rows, at least 128 per leaf: no split is allowed
    [InlineData(20, 1024.0)] // L1 = 1024 soft-thresholds every gradient sum of 60 rows (|g| <= 1 each) to 0: no split gains
    public void Raw_mlnet_lightgbm_throws_items_when_the_first_tree_cannot_split(int minimumPerLeaf, double l1)
    {
        var ml = new MLContext(1);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = 4, NumberOfLeaves = 4, MinimumExampleCountPerLeaf = minimumPerLeaf, NumberOfThreads = 1, Silent = true,
            Booster = new GradientBooster.Options { L1Regularization = l1 },
        });
        var e = Assert.Throws<ArgumentNullException>(() => trainer.Fit(Rows(ml, 60)));
        Assert.Equal("items", e.ParamName);
    }

    [Fact]
    public void Our_lightgbm_reports_the_cause_instead()
    {
        var ml = new MLContext(1);
        var p = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, TrainerName.LightGbm).Default;
        p = new ParameterSet(p.Select(kv => kv.Key == "MinimumExampleCountPerLeaf" ? new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Int(128)) : kv));
        var data = ml.Transforms.CopyColumns(FeaturizationPlan.LabelColumn, "Label")
            .Append(ml.Transforms.CopyColumns(FeaturizationPlan.FeaturesColumn, "Features")).Fit(Rows(ml, 60)).Transform(Rows(ml, 60));
        var e = Assert.Throws<InvalidOperationException>(() => TrainerFactory.Create(ml, AutoMLTask.BinaryClassification, TrainerName.LightGbm, p).Fit(data));
        Assert.Contains("LightGBM's first tree found no split", e.Message);
        Assert.Contains("MinimumExampleCountPerLeaf = 128", e.Message);
        Assert.Contains("60 rows", e.Message);
        Assert.Contains("dotnet/machinelearning#5022", e.Message);
    }

    [Fact]
    public void The_search_space_bounds_the_minimum_leaf_size_by_the_rows()
    {
        var bounded = TrainerSearchSpaces.BoundByRows(TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Single(l => l.Name == nameof(TrainerName.LightGbm)), 200);
        var leaf = (IntParameter)bounded.Space.Parameters.Single(p => p.Name == "MinimumExampleCountPerLeaf");
        Assert.Equal(40, leaf.Max); // a fifth of 200 rows: a fold's training rows (half of them or more) always leave room for a split
        Assert.Equal(20, leaf.Default.AsInt());
        var l1 = (FloatParameter)bounded.Space.Parameters.Single(p => p.Name == "L1Regularization");
        Assert.Equal(2, l1.Max); // a hundredth of the rows (at least 1)
    }

    [Fact]
    public void The_extreme_corner_of_the_bounded_space_still_splits_on_half_the_rows()
    {
        // The space for 60 rows allows at most 12 rows per leaf and L1 = 1; a fold trains on at least half of the rows
        // (30 here). At that corner LightGBM still splits, so no proposal of the search can hit the one-leaf failure
        // through these two parameters (the raw test above fails at the unbounded corner, 128 and 1024).
        var ml = new MLContext(1);
        var bounded = TrainerSearchSpaces.BoundByRows(TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Single(l => l.Name == nameof(TrainerName.LightGbm)), 60);
        var leaf = (IntParameter)bounded.Space.Parameters.Single(p => p.Name == "MinimumExampleCountPerLeaf");
        var l1 = (FloatParameter)bounded.Space.Parameters.Single(p => p.Name == "L1Regularization");
        var corner = new ParameterSet(bounded.Space.Default.Select(kv => kv.Key switch
        {
            "MinimumExampleCountPerLeaf" => new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Int(leaf.Max)),
            "L1Regularization" => new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Float(l1.Max)),
            _ => kv,
        }));
        var data = ml.Transforms.CopyColumns(FeaturizationPlan.LabelColumn, "Label")
            .Append(ml.Transforms.CopyColumns(FeaturizationPlan.FeaturesColumn, "Features")).Fit(Rows(ml, 30)).Transform(Rows(ml, 30));
        var model = TrainerFactory.Create(ml, AutoMLTask.BinaryClassification, TrainerName.LightGbm, corner).Fit(data);
        var auc = AutoMLMetrics.Compute(ml, AutoMLTask.BinaryClassification, AutoMLMetric.Auc, model.Transform(data));
        Assert.True(auc > 0.9, $"AUC {auc}: the corner model should split on the separating feature");
    }
}
