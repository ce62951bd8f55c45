using System.Text;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.ML;

namespace MarketLab.Experiments.Tests.AutoML;

public class ZeroShotTests
{
    private static ParameterSet Params(params (string Name, ParameterValue Value)[] values) => new(values.Select(v => KeyValuePair.Create(v.Name, v.Value)));

    private static ZeroShotEntry Entry(string dataset, DatasetTraits traits, string learner, params (string, ParameterValue)[] values) =>
        new(dataset, traits, learner, Params(values), 0.9);

    private static readonly DatasetTraits SmallText = new(AutoMLTask.BinaryClassification, 2_400, 0, 0, 1);
    private static readonly DatasetTraits LargeTabular = new(AutoMLTask.BinaryClassification, 51_000, 5, 3, 0);
    private static readonly DatasetTraits MidTabular = new(AutoMLTask.BinaryClassification, 9_800, 14, 3, 0);
    private static readonly DatasetTraits Intents = new(AutoMLTask.MulticlassClassification, 10_000, 0, 0, 1);

    private static readonly ZeroShotEntry[] Table =
    [
        Entry("text", SmallText, "LightGbm", ("NumberOfTrees", ParameterValue.Int(40))),
        Entry("large", LargeTabular, "LightGbm", ("NumberOfTrees", ParameterValue.Int(300))),
        Entry("mid", MidTabular, "LightGbm", ("NumberOfTrees", ParameterValue.Int(120))),
        Entry("intents", Intents, "LightGbm", ("NumberOfTrees", ParameterValue.Int(7))),
    ];

    [Fact]
    public void The_distance_is_euclidean_over_log_rows_and_log_column_counts()
    {
        // log10(51000 / 9800) = 0.7163; log2(6 / 15) = -1.3219; categorical and text equal.
        Assert.Equal(Math.Sqrt(Math.Pow(Math.Log10(51_000.0 / 9_800), 2) + Math.Pow(Math.Log2(6.0 / 15), 2)), LargeTabular.DistanceTo(MidTabular), 12);
        Assert.Equal(LargeTabular.DistanceTo(MidTabular), MidTabular.DistanceTo(LargeTabular), 15);
        Assert.Equal(0, SmallText.DistanceTo(SmallText));
    }

    [Fact]
    public void The_nearest_dataset_of_the_same_task_is_chosen_and_an_excluded_one_never_is()
    {
        var hillstromLike = new DatasetTraits(AutoMLTask.BinaryClassification, 60_000, 6, 3, 0);
        Assert.Equal("large", ZeroShotDefaults.Nearest("LightGbm", hillstromLike, Table)!.Dataset);
        Assert.Equal("mid", ZeroShotDefaults.Nearest("LightGbm", hillstromLike, Table, exclude: "large")!.Dataset);
        // A review corpus: the text entry, although a multiclass text entry has the same columns.
        Assert.Equal("text", ZeroShotDefaults.Nearest("LightGbm", new DatasetTraits(AutoMLTask.BinaryClassification, 3_000, 0, 0, 1), Table)!.Dataset);
        Assert.Equal("intents", ZeroShotDefaults.Nearest("LightGbm", new DatasetTraits(AutoMLTask.MulticlassClassification, 500, 20, 0, 0), Table)!.Dataset);
        Assert.Null(ZeroShotDefaults.Nearest("FastTree", hillstromLike, Table));
        Assert.Null(ZeroShotDefaults.Nearest("LightGbm", new DatasetTraits(AutoMLTask.Regression, 500, 2, 0, 0), Table));
    }

    [Fact]
    public void Applied_values_are_clamped_into_the_bounded_space_and_missing_or_foreign_values_take_the_default()
    {
        var lightGbm = TrainerSearchSpaces.BoundByRows(TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Single(l => l.Name == "LightGbm"), rows: 400);
        var space = FeaturizerSearchSpace.MergeInto(lightGbm.Space, lightGbm.Name);
        var entry = Entry("x", LargeTabular, "LightGbm",
            ("NumberOfTrees", ParameterValue.Int(5000)),           // above the 400-row cap
            ("LearningRate", ParameterValue.Float(0.05)),
            ("MinimumExampleCountPerLeaf", ParameterValue.Int(2)),
            (FeaturizerSearchSpace.CharNgrams, ParameterValue.Choice("2-4")),
            (FeaturizerSearchSpace.MaxFeatures, ParameterValue.Choice("All")), // not offered to tree learners
            ("NotAParameter", ParameterValue.Int(3)));
        var applied = ZeroShotDefaults.Apply(entry, space);

        Assert.Equal(space.Parameters.Select(p => p.Name), applied.Keys);
        Assert.Equal(400, applied.GetInt("NumberOfTrees"));
        Assert.Equal(0.05, applied.GetDouble("LearningRate"), 12);
        Assert.Equal(2, applied.GetInt("MinimumExampleCountPerLeaf"));
        Assert.Equal("2-4", applied.GetChoice(FeaturizerSearchSpace.CharNgrams));
        Assert.Equal("10000", applied.GetChoice(FeaturizerSearchSpace.MaxFeatures));
        Assert.Equal(space.Default.GetInt("NumberOfLeaves"), applied.GetInt("NumberOfLeaves"));
        // It is a point of the space: encoding and decoding gives it back (floats on a log scale to rounding).
        var decoded = space.ToParameters(space.ToVector(applied));
        Assert.All(applied, kv => Assert.Equal(kv.Value.Kind == ParameterKind.Float ? Math.Round(kv.Value.AsDouble(), 12).ToString() : kv.Value.ToString(),
            kv.Value.Kind == ParameterKind.Float ? Math.Round(decoded[kv.Key].AsDouble(), 12).ToString() : decoded[kv.Key].ToString()));
    }

    [Fact]
    public void Cfo_tries_the_start_right_after_the_cheap_default_and_moves_there_when_it_is_better()
    {
        var space = Objectives.QuadraticSpace(2);
        var start = Params(("x0", ParameterValue.Float(0.31)), ("x1", ParameterValue.Float(0.69)));
        var tuner = new EciTuner([new LearnerSpace("Only", space) { Starts = [start] }], new CfoOptions { Seed = 4 });
        var runs = Objectives.Run(tuner, t => Objectives.Quadratic(t.Parameters), 12);

        Assert.Equal(space.Default, runs[0].Trial.Parameters);
        Assert.Equal(start, runs[1].Trial.Parameters);
        // Default (0.5, 0.5) is 0.08 from the optimum; the start 0.0002. Every later proposal is a step δ = 0.1·√2
        // around the start, not around the default.
        var startVector = space.ToVector(start);
        Assert.All(runs.Skip(2), r =>
        {
            var v = space.ToVector(r.Trial.Parameters);
            var distance = Math.Sqrt(v.Zip(startVector).Sum(p => (p.First - p.Second) * (p.First - p.Second)));
            Assert.True(distance <= 0.1 * Math.Sqrt(2) * 1.0001 + 1e-9, $"{r.Trial.Parameters} is {distance} from the start");
        });
    }

    [Fact]
    public void Without_starts_cfo_proposes_as_before()
    {
        var space = Objectives.QuadraticSpace(2);
        var plain = Objectives.Run(new EciTuner([new LearnerSpace("Only", space)], new CfoOptions { Seed = 4 }), t => Objectives.Quadratic(t.Parameters), 10);
        var empty = Objectives.Run(new EciTuner([new LearnerSpace("Only", space) { Starts = [] }], new CfoOptions { Seed = 4 }), t => Objectives.Quadratic(t.Parameters), 10);
        Assert.Equal(plain.Select(r => r.Trial.Parameters), empty.Select(r => r.Trial.Parameters));
    }

    [Fact]
    public void The_embedded_table_is_valid_for_the_spaces_it_names()
    {
        var table = ZeroShotDefaults.Table;
        Assert.NotEmpty(table);
        foreach (var e in table)
        {
            var learner = TrainerSearchSpaces.For(e.Traits.Task).SingleOrDefault(l => l.Name == e.Learner);
            Assert.True(learner is not null, $"{e.Dataset}: {e.Learner} is not a {e.Traits.Task} learner");
            var space = e.Traits.Text > 0 ? FeaturizerSearchSpace.MergeInto(learner!.Space, learner.Name) : learner!.Space;
            // Every stored value names a parameter of that space and lies inside its (unbounded) range.
            Assert.All(e.Parameters, kv => Assert.Contains(kv.Key, space.Parameters.Select(p => p.Name)));
            Assert.Equal(e.Parameters.OrderBy(kv => kv.Key).Select(kv => kv.Value.ToString()),
                ZeroShotDefaults.Apply(e, space).Where(kv => e.Parameters.ContainsKey(kv.Key)).OrderBy(kv => kv.Key).Select(kv => kv.Value.ToString()));
            Assert.InRange(e.Validation, 0, 1);
        }
    }

    [Fact]
    public void A_malformed_table_names_the_entry()
    {
        var json = """[{"dataset": "a", "task": "BinaryClassification", "rows": 10, "numeric": 1, "categorical": 0, "text": 0, "learner": "LightGbm", "validation": 0.5, "parameters": {}}, {"dataset": "b", "task": "Ranking"}]""";
        var e = Assert.Throws<FormatException>(() => ZeroShotDefaults.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.StartsWith("Zero-shot table entry 1:", e.Message);
    }

    [Fact]
    public async Task An_experiment_with_zero_shot_on_runs_the_nearest_entry_second()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 200));
        ZeroShotEntry[] table =
        [
            Entry("near", new DatasetTraits(AutoMLTask.BinaryClassification, 200, 2, 1, 0), "LbfgsLogisticRegression",
                ("L1Regularization", ParameterValue.Float(0.001)), ("L2Regularization", ParameterValue.Float(0.05))),
            Entry("far", new DatasetTraits(AutoMLTask.BinaryClassification, 500_000, 40, 0, 0), "LbfgsLogisticRegression",
                ("L1Regularization", ParameterValue.Float(2)), ("L2Regularization", ParameterValue.Float(3))),
        ];
        var options = new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Cfo, MaxTrials = 3, Seed = 1, Workers = 1,
            TimeBudget = TimeSpan.FromMinutes(5), DeterministicCost = true, Trainers = [TrainerName.LbfgsLogisticRegression],
            ZeroShot = true, ZeroShotTable = table,
        };
        var result = await new MLContext(0).Auto().CreateExperiment(options).RunAsync(data, null, default, kinds);

        var trials = result.Trials.OrderBy(t => t.Id).ToArray();
        Assert.Equal(1.0, trials[0].Parameters.GetDouble("L2Regularization"), 12); // the cheap default first
        Assert.Equal(0.05, trials[1].Parameters.GetDouble("L2Regularization"));
        Assert.Equal(0.001, trials[1].Parameters.GetDouble("L1Regularization"));

        var off = await new MLContext(0).Auto().CreateExperiment(options with { ZeroShot = false }).RunAsync(data, null, default, kinds);
        Assert.NotEqual(0.05, off.Trials.OrderBy(t => t.Id).ElementAt(1).Parameters.GetDouble("L2Regularization"));
    }
}
