using MarketLab.Experiments.Reports;
using System.Globalization;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Tests.Runs;

/// <summary>The automl kind on tabular_classification data, and the predictions and cost it stores for the report.</summary>
public sealed class TabularAutoMLTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("marketlab-tabular-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>Three well-separated classes by two numeric features plus a categorical column, seeded.</summary>
    private string WriteCsv(int rows, int classes)
    {
        var random = new Random(5);
        var lines = new List<string> { "id,x1,x2,shop,segment" };
        for (int i = 0; i < rows; i++)
        {
            int c = i % classes;
            double x1 = c * 3 + random.NextDouble(), x2 = (c % 2) * 2 + random.NextDouble();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{i},{x1:F3},{x2:F3},{(c == 0 ? "north" : random.Next(2) == 0 ? "south" : "east")},s{c}"));
        }
        string path = Path.Combine(_dir, "rows.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task<RunResult> Run(string yaml)
    {
        var spec = SpecLoader.Parse(yaml, Path.Combine(_dir, "spec.yaml"));
        using var store = RunStore.Open(Path.Combine(_dir, "runs.db"));
        return await new ExperimentRunner(store).RunWithReportAsync(spec, new RunOptions { ArtifactsRoot = _dir });
    }

    [Fact]
    public async Task MulticlassTabularRunStoresPredictionsProbabilitiesAndCost()
    {
        string csv = WriteCsv(180, 3);
        var result = await Run($$$"""
            name: tabular
            task: tabular_classification
            seed: 4
            dataset:
              path: {{{csv}}}
              split: 0.3
              parameters: {label: segment, drop: id}
            candidates:
              - {name: automl, kind: automl, parameters: {trials: 2, trainers: LbfgsMaximumEntropy, folds: 0, primary: macro_f1}}
            """);
        Assert.Equal(RunStatus.Completed, result.Run.Status);
        var outcome = result.Candidates.Single().Outcome!;
        var p = outcome.Predictions!;
        Assert.Equal(["s0", "s1", "s2"], p.Classes);
        Assert.Equal(54, p.Truth.Count); // 30% of 60 per class
        Assert.Equal(outcome.Metrics["test_rows"], p.Truth.Count);
        Assert.Equal(ClassificationScores.Accuracy(p), outcome.Metrics["accuracy"]);
        Assert.Equal(ClassificationScores.MacroF1(p), outcome.Metrics["macro_f1"]);
        Assert.True(outcome.Metrics["accuracy"] > 0.9, $"accuracy {outcome.Metrics["accuracy"]} on separable classes");
        Assert.NotNull(p.Probabilities);
        Assert.All(p.Probabilities!, row => Assert.Equal(1.0, row.Sum(), 9));
        // The Score slots are matched to the classes by name: the most probable class is the predicted one.
        Assert.All(Enumerable.Range(0, p.Truth.Count), i => Assert.Equal(p.Predicted[i], Array.IndexOf(p.Probabilities![i], p.Probabilities[i].Max())));
        var cost = outcome.Cost!;
        Assert.True(cost.TrainSeconds > 0);
        Assert.True(cost.InferenceRowsPerSecond > 0);
        Assert.Equal(new FileInfo(Path.Combine(result.Directory, "automl.model.zip")).Length, cost.ModelBytes);
        Assert.Contains("automl.model.zip", outcome.Artifacts);
        string report = File.ReadAllText(result.ReportPath!);
        Assert.Contains("class=\"classifiers\"", report);
        Assert.Contains("class=\"confusion\"", report);
    }

    [Fact]
    public async Task BinaryTabularRunGivesPositiveClassProbabilitiesAndTheRocChart()
    {
        string csv = WriteCsv(120, 2);
        var result = await Run($$$"""
            name: tabular-binary
            task: tabular_classification
            seed: 4
            dataset:
              path: {{{csv}}}
              split: 0.25
              parameters: {label: segment, drop: id, categorical: shop}
            candidates:
              - {name: automl, kind: automl, parameters: {trials: 2, trainers: LbfgsLogisticRegression, folds: 0, primary: auc}}
            """);
        var outcome = result.Candidates.Single().Outcome!;
        var p = outcome.Predictions!;
        Assert.Equal(["s0", "s1"], p.Classes);
        Assert.Equal(30, p.Truth.Count);
        Assert.All(p.Probabilities!, row => Assert.Equal(1.0, row[0] + row[1], 12));
        Assert.All(Enumerable.Range(0, p.Truth.Count), i => Assert.Equal(p.Predicted[i], p.Probabilities![i][1] > 0.5 ? 1 : 0));
        Assert.Equal(MarketLab.Evaluation.Classification.RankingMetrics.RocAuc(p.Truth.Select(t => (double)t).ToArray(), p.Probabilities!.Select(r => r[1]).ToArray()), outcome.Metrics["auc"]);
        Assert.Contains("ROC curve", File.ReadAllText(result.ReportPath!));
    }

    [Fact]
    public async Task MissingLabelParameterIsNamed()
    {
        string csv = WriteCsv(30, 3);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Run($$$"""
            name: tabular-bad
            task: tabular_classification
            dataset: {path: {{{csv}}}}
            candidates: [{kind: automl}]
            """));
        Assert.Contains("needs the label column (dataset parameter label)", e.Message);
    }

    [Fact]
    public void AutoMLKindServesBothClassificationTasksOnly()
    {
        var spec = SpecLoader.Parse("""
            name: wrong-task
            task: uplift
            dataset: {name: "synthetic:campaign"}
            candidates: [{kind: automl}]
            """, "wrong.yaml");
        var e = Assert.Throws<SpecException>(() => CandidateRegistry.CreateDefault().Validate(spec));
        Assert.Contains("serves task text_classification and tabular_classification", e.Message);
    }
}
