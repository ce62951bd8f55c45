using System.Diagnostics;
using System.Globalization;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
using MarketLab.Experiments.Tests.AutoML;
using MarketLab.Experiments.Tests.Bert.Support;
using Microsoft.ML;

namespace MarketLab.Experiments.Tests.Cli;

/// <summary>The top-k ensemble ships (issue 16): saved as one folder, reloaded by <c>marketlab automl predict</c> in a new process, it scores identically.</summary>
public sealed class EnsembleSaveTests
{
    [LinuxTheory]
    [InlineData("top")]
    [InlineData("stack")]
    public async Task A_saved_ensemble_scores_in_a_new_process_exactly_as_in_the_search_process(string method)
    {
        using var cli = new CliRunner();
        var train = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 160));
        var typed = CsvDataLoader.LoadTyped(train, label: "label");
        var experiment = new MLContext(0).Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Random, MaxTrials = 4, Seed = 2, Workers = 1,
            TimeBudget = TimeSpan.FromMinutes(10), Trainers = [TrainerName.LbfgsLogisticRegression, TrainerName.FastTree, TrainerName.LightGbm],
        });
        var result = await experiment.RunAsync(typed.Data, null, default, typed.Kinds);
        var ensemble = method == "stack" ? experiment.TryStackEnsemble(result, 3, metaFolds: 3) : experiment.TryEnsemble(result, 3);
        Assert.NotNull(ensemble);
        Assert.True(method == "stack" ? ensemble.Members.Count >= 3 : ensemble.Members.Count == 3, $"{ensemble.Members.Count} members");
        var expected = ensemble.PredictProbabilities(experiment, typed.Data);
        var folder = cli.PathOf("ensemble");
        experiment.SaveEnsemble(ensemble, folder);
        Assert.Equal(ensemble.Members.Count, Directory.GetFiles(folder, "member-*.zip").Length);

        await PredictInNewProcess(folder, train, cli.PathOf("scores.csv"));

        var lines = File.ReadAllLines(cli.PathOf("scores.csv"));
        Assert.Equal("probability", lines[0]);
        var actual = lines.Skip(1).Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, actual); // bit for bit: the same members, the same arithmetic
        Assert.True(expected.Distinct().Count() > 10, "the probabilities vary across rows");
    }

    [LinuxTheory]
    [InlineData("top")]
    [InlineData("stack")]
    public async Task A_saved_multiclass_ensemble_predicts_the_same_classes_and_probabilities_in_a_new_process(string method)
    {
        using var cli = new CliRunner();
        var train = cli.WriteFile("train.csv", AutoMLTestData.MulticlassCsv(rows: 200, seed: 5));
        var typed = CsvDataLoader.LoadTyped(train, label: "label");
        var experiment = new MLContext(0).Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.MulticlassClassification, LabelColumn = "label", Tuner = TunerKind.Random, MaxTrials = 5, Seed = 2, Workers = 1,
            TimeBudget = TimeSpan.FromMinutes(10), Trainers = [TrainerName.LbfgsMaximumEntropy, TrainerName.LightGbm],
        });
        var result = await experiment.RunAsync(typed.Data, null, default, typed.Kinds);
        var ensemble = method == "stack" ? experiment.TryStackEnsemble(result, 3, metaFolds: 3) : experiment.TryEnsemble(result, 3);
        Assert.NotNull(ensemble);
        Assert.Equal(method == "stack", ensemble.Stacker?.ClassIntercepts is { Count: 3 });
        var (classes, expected) = experiment.RefitEnsemble(ensemble).PredictClassProbabilities(typed.Data);
        var folder = cli.PathOf("ensemble");
        experiment.SaveEnsemble(ensemble, folder);

        await PredictInNewProcess(folder, train, cli.PathOf("scores.csv"));

        var lines = File.ReadAllLines(cli.PathOf("scores.csv"));
        Assert.Equal("predicted_label,probability", lines[0]);
        Assert.Equal(expected.Length, lines.Length - 1);
        for (var i = 0; i < expected.Length; i++)
        {
            var best = Array.IndexOf(expected[i], expected[i].Max());
            var fields = lines[i + 1].Split(',');
            Assert.Equal(classes[best], fields[0]);
            Assert.Equal(expected[i][best], float.Parse(fields[1], CultureInfo.InvariantCulture)); // bit for bit
        }

        Assert.Equal(3, lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());
    }

    // `marketlab automl predict` in its own process; fails the test on a timeout or a non-zero exit (with its output).
    private static async Task PredictInNewProcess(string folder, string data, string output)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "marketlab")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "automl", "predict", "--model", folder, "--data", data, "--output", output }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "predict did not finish in 3 minutes");
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
    }
}
