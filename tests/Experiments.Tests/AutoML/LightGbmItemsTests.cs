using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.ML;
using Microsoft.ML.Data;
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
    public void Our_binary_lightgbm_that_cannot_split_predicts_the_label_share_as_its_one_leaf_booster_would()
    {
        var ml = new MLContext(1);
        var p = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, TrainerName.LightGbm).Default;
        p = new ParameterSet(p.Select(kv => kv.Key == "MinimumExampleCountPerLeaf" ? new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Int(128)) : kv));
        // 60 rows, a quarter of them positive: LightGBM cannot split (128 rows per leaf), the prior is 0.25.
        var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 60).Select(i => new Row { Label = i % 4 == 0, Features = [i, i % 3, (i * 7) % 5] }));
        var data = ml.Transforms.CopyColumns(FeaturizationPlan.LabelColumn, "Label")
            .Append(ml.Transforms.CopyColumns(FeaturizationPlan.FeaturesColumn, "Features")).Fit(rows).Transform(rows);

        var model = TrainerFactory.Create(ml, AutoMLTask.BinaryClassification, TrainerName.LightGbm, p).Fit(data);

        var probabilities = model.Transform(data).GetColumn<float>("Probability").ToArray();
        Assert.All(probabilities, q => Assert.Equal(0.25, q, 5));
        Assert.Equal(0.5, AutoMLMetrics.Compute(ml, AutoMLTask.BinaryClassification, AutoMLMetric.Auc, model.Transform(data)), 12);
    }

    [Theory]
    [InlineData(AutoMLTask.MulticlassClassification)]
    [InlineData(AutoMLTask.Regression)]
    public void Multiclass_and_regression_lightgbm_that_cannot_split_fit_a_constant(AutoMLTask task)
    {
        // Only the binary wrapper fails on a one-leaf booster ('items'); these read it and predict one value for every row.
        var ml = new MLContext(1);
        var p = TrainerSearchSpaces.For(task, TrainerName.LightGbm).Default;
        p = new ParameterSet(p.Select(kv => kv.Key == "MinimumExampleCountPerLeaf" ? new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Int(128)) : kv));
        var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 60).Select(i => new Row { Label = i >= 30, Features = [i, i % 3, (i * 7) % 5] }));
        IEstimator<ITransformer> label = task == AutoMLTask.Regression
            ? ml.Transforms.Conversion.ConvertType(FeaturizationPlan.LabelColumn, "Label", Microsoft.ML.Data.DataKind.Single)
            : ml.Transforms.Conversion.MapValueToKey(FeaturizationPlan.LabelColumn, "Label");
        var data = label.Append(ml.Transforms.CopyColumns(FeaturizationPlan.FeaturesColumn, "Features")).Fit(rows).Transform(rows);
        var scored = TrainerFactory.Create(ml, task, TrainerName.LightGbm, p).Fit(data).Transform(data);
        var distinct = task == AutoMLTask.Regression
            ? scored.GetColumn<float>("Score").Select(v => v.ToString("R")).Distinct().Count()
            : scored.GetColumn<VBuffer<float>>("Score").Select(v => string.Join(",", v.DenseValues())).Distinct().Count();
        Assert.Equal(1, distinct);
    }

    [Theory]
    [InlineData(200, 5, 5, 0.125)]   // a fortieth of 200 rows; the default of 20 per leaf is lowered with it
    [InlineData(2_400, 60, 20, 0.125)]
    [InlineData(60, 3, 3, 0.25)]     // at least 3 per leaf; the bag floor rises to 5 × 3 / 60
    [InlineData(51_000, 128, 20, 0.1)] // the space's own maximum and FLAML's 0.1 bind on large data
    public void The_search_space_bounds_the_leaf_size_and_the_bag_by_the_rows(int rows, int leafMax, int leafDefault, double bagMin)
    {
        var bounded = TrainerSearchSpaces.BoundByRows(TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Single(l => l.Name == nameof(TrainerName.LightGbm)), rows);
        var leaf = (IntParameter)bounded.Space.Parameters.Single(p => p.Name == "MinimumExampleCountPerLeaf");
        Assert.Equal(leafMax, leaf.Max);
        Assert.Equal(leafDefault, leaf.Default.AsInt());
        var bag = (FloatParameter)bounded.Space.Parameters.Single(p => p.Name == "SubsampleFraction");
        Assert.Equal(bagMin, bag.Min, 12);
        Assert.Equal(1, bag.Max);
        // The smallest bag of a fold (half of the rows or more) holds at least two leaves of the largest size.
        Assert.True(bag.Min * rows / 2 >= 2 * leaf.Max, $"bag of {bag.Min * rows / 2} rows < 2 × {leaf.Max}");
        var l1 = (FloatParameter)bounded.Space.Parameters.Single(p => p.Name == "L1Regularization");
        Assert.Equal(Math.Max(1, rows / 100.0), l1.Max, 12); // a hundredth of the rows (at least 1)
    }

    [Fact]
    public void The_bag_floor_applies_to_lightgbm_only()
    {
        var fastTree = TrainerSearchSpaces.BoundByRows(TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Single(l => l.Name == nameof(TrainerName.FastTree)), 60);
        Assert.DoesNotContain(fastTree.Space.Parameters, p => p.Name == "SubsampleFraction");
        Assert.Equal(3, ((IntParameter)fastTree.Space.Parameters.Single(p => p.Name == "MinimumExampleCountPerLeaf")).Max);
    }

    [Fact]
    public void The_extreme_corner_of_the_bounded_space_still_splits_on_half_the_rows()
    {
        // The space for 400 rows allows at most 10 rows per leaf, L1 = 4 and bags down to 0.125; a fold trains on at
        // least half of the rows (200 here), so the smallest bag holds 25 rows. At that corner LightGBM still splits, so
        // no proposal of the search can hit the one-leaf failure through these parameters (the raw test above fails at
        // the unbounded corner, 128 and 1024). On a few dozen rows a bag of 7 can hold one class only; the guard names that.
        var ml = new MLContext(1);
        var bounded = TrainerSearchSpaces.BoundByRows(TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Single(l => l.Name == nameof(TrainerName.LightGbm)), 400);
        var leaf = (IntParameter)bounded.Space.Parameters.Single(p => p.Name == "MinimumExampleCountPerLeaf");
        var l1 = (FloatParameter)bounded.Space.Parameters.Single(p => p.Name == "L1Regularization");
        var bag = (FloatParameter)bounded.Space.Parameters.Single(p => p.Name == "SubsampleFraction");
        var corner = new ParameterSet(bounded.Space.Default.Select(kv => kv.Key switch
        {
            "MinimumExampleCountPerLeaf" => new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Int(leaf.Max)),
            "L1Regularization" => new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Float(l1.Max)),
            "SubsampleFraction" => new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Float(bag.Min)),
            _ => kv,
        }));
        var data = ml.Transforms.CopyColumns(FeaturizationPlan.LabelColumn, "Label")
            .Append(ml.Transforms.CopyColumns(FeaturizationPlan.FeaturesColumn, "Features")).Fit(Rows(ml, 200)).Transform(Rows(ml, 200));
        var model = TrainerFactory.Create(ml, AutoMLTask.BinaryClassification, TrainerName.LightGbm, corner).Fit(data);
        var auc = AutoMLMetrics.Compute(ml, AutoMLTask.BinaryClassification, AutoMLMetric.Auc, model.Transform(data));
        Assert.True(auc > 0.9, $"AUC {auc}: the corner model should split on the separating feature");
    }

    [Fact]
    public void The_old_bound_let_a_bag_hold_fewer_rows_than_two_leaves()
    {
        // What the Yelp spec hit: a fifth of the rows per leaf with bags of a tenth. On 60 rows (30 in the fold) that is
        // 12 per leaf for a bag of 3: LightGBM cannot split, and our binary LightGBM predicts the constant prior.
        var ml = new MLContext(1);
        var p = new ParameterSet(TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, TrainerName.LightGbm).Default.Select(kv => kv.Key switch
        {
            "MinimumExampleCountPerLeaf" => new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Int(12)),
            "SubsampleFraction" => new KeyValuePair<string, ParameterValue>(kv.Key, ParameterValue.Float(0.1)),
            _ => kv,
        }));
        var data = ml.Transforms.CopyColumns(FeaturizationPlan.LabelColumn, "Label")
            .Append(ml.Transforms.CopyColumns(FeaturizationPlan.FeaturesColumn, "Features")).Fit(Rows(ml, 30)).Transform(Rows(ml, 30));
        var model = TrainerFactory.Create(ml, AutoMLTask.BinaryClassification, TrainerName.LightGbm, p).Fit(data);
        Assert.Single(model.Transform(data).GetColumn<float>("Probability").Distinct());
    }
}
