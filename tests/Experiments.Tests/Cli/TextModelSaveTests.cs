using System.Diagnostics;
using System.Globalization;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
using MarketLab.Experiments.Tests.AutoML;
using MarketLab.Experiments.Tests.Bert.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Tests.Cli;

/// <summary>
/// A model with our TF-IDF text featurizer (saved by <see cref="AutoMLModelFile"/>, not ML.NET's Model.Save) reloads in a
/// new process: <c>marketlab automl predict</c> on the best trial's folder and on a saved ensemble scores exactly as the
/// search process does.
/// </summary>
public sealed class TextModelSaveTests
{
    [LinuxFact]
    public async Task Text_models_saved_by_the_search_score_identically_in_a_new_process()
    {
        using var cli = new CliRunner();
        var train = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 160, text: true));
        var typed = CsvDataLoader.LoadTyped(train, label: "label");
        var experiment = new MLContext(0).Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Random, MaxTrials = 4, Seed = 3, Workers = 1,
            TimeBudget = TimeSpan.FromMinutes(10), Trainers = [TrainerName.LbfgsLogisticRegression, TrainerName.FastTree, TrainerName.LightGbm],
        });
        var result = await experiment.RunAsync(typed.Data, null, default, typed.Kinds);
        Assert.NotNull(result.Best);

        var best = cli.PathOf("best");
        experiment.SaveBest(result.Best, best);
        var expectedBest = experiment.Refit(result.Best).Transform(typed.Data).GetColumn<float>("Probability").ToArray();
        Assert.Equal(expectedBest, await Predict(cli, best, train));

        var ensemble = experiment.TryEnsemble(result, 3);
        Assert.NotNull(ensemble);
        var expected = ensemble.PredictProbabilities(experiment, typed.Data);
        var folder = cli.PathOf("ensemble");
        experiment.SaveEnsemble(ensemble, folder);
        Assert.Equal(expected, await Predict(cli, folder, train)); // bit for bit
        Assert.True(expected.Distinct().Count() > 10, "the probabilities vary across rows");
    }

    private static async Task<float[]> Predict(CliRunner cli, string model, string data)
    {
        var scores = cli.PathOf(Path.GetFileName(model) + "-scores.csv");
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "marketlab")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "automl", "predict", "--model", model, "--data", data, "--output", scores }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "predict did not finish in 3 minutes");
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        var lines = File.ReadAllLines(scores);
        Assert.Equal("probability", lines[0]);
        return lines.Skip(1).Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();
    }
}
