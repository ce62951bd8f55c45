using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.Data.Tabular;
using Microsoft.ML;
using Microsoft.ML.Data;
using MarketLab.Experiments.Tests.AutoML;
using Xunit.Abstractions;

namespace MarketLab.Onnx.Tests;

/// <summary>
/// AutoML's best pipeline to ONNX through Microsoft.ML.OnnxConverter 0.24.0 (the release that pairs with ML.NET
/// 6.0.0). Reference: the ML.NET pipeline's own probabilities; the ONNX file, run by ApplyOnnxModel (ONNX Runtime
/// 1.31.1) on the same rows (missing numbers, a categorical and a boolean column included), must give the same
/// probabilities within 1e-5 for each learner the converter supports.
/// In its own test project (process): inside the Experiments test process these tests left libtorch broken for the
/// TorchSharp tests that ran after them (docs/models.md, Limits).
/// </summary>
public sealed class AutoMLOnnxExportTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(TrainerName.LbfgsLogisticRegression)]
    [InlineData(TrainerName.FastTree)]
    [InlineData(TrainerName.LightGbm)]
    public async Task Best_pipeline_converts_to_onnx_and_scores_the_same(TrainerName trainer)
    {
        var ml = new MLContext(0);
        (IDataView data, IReadOnlyDictionary<string, ColumnKind> kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300));
        var experiment = ml.Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", MaxTrials = 2, Seed = 3,
            TimeBudget = TimeSpan.FromMinutes(2), Trainers = [trainer],
        });
        AutoMLResult result = await experiment.RunAsync(data, null, default, kinds);
        TrialRecord best = Assert.IsType<TrialRecord>(result.Best);
        string path = AutoMLTestData.TempPath(".onnx");
        try
        {
            experiment.SaveAsOnnx(best, path);
            float[] expected = experiment.Refit(best).Transform(data).GetColumn<float>("Probability").ToArray();

            IDataView onnx = ml.Transforms.ApplyOnnxModel(path).Fit(data).Transform(data);
            // The raw data has no Probability column: this one is the ONNX graph's output (a [1]-vector per row).
            string column = onnx.Schema.Select(c => c.Name).Single(n => n.StartsWith("Probability", StringComparison.Ordinal));
            float[] actual = onnx.GetColumn<float[]>(column).Select(v => v[0]).ToArray();

            double worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
            output.WriteLine($"{trainer} ({best.Learner}): {expected.Length} rows, ONNX output '{column}', max |probability difference| = {worst:E2}");
            Assert.True(worst <= 1e-5, $"max |probability difference| = {worst:E2}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_text_column_is_refused_with_the_learner_named_and_no_file_left()
    {
        var ml = new MLContext(0);
        (IDataView data, IReadOnlyDictionary<string, ColumnKind> kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 200, text: true));
        var experiment = ml.Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", MaxTrials = 1, Seed = 3,
            TimeBudget = TimeSpan.FromMinutes(2), Trainers = [TrainerName.LbfgsLogisticRegression],
        });
        AutoMLResult result = await experiment.RunAsync(data, null, default, kinds);
        string path = AutoMLTestData.TempPath(".onnx");

        var e = Assert.Throws<NotSupportedException>(() => experiment.SaveAsOnnx(Assert.IsType<TrialRecord>(result.Best), path));

        Assert.Contains("cannot convert the pipeline of learner 'LbfgsLogisticRegression'", e.Message);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }
}
