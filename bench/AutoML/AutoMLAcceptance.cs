using System.Diagnostics;
using System.Globalization;
using System.Text;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.ML;
using Microsoft.ML.Data;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Bench.AutoML;

/// <summary>
/// The AutoML issue's real-data acceptance (<c>dotnet run -c Release --project bench -- --automl-acceptance</c>)
/// and the workers throughput check (<c>--automl-workers</c>). On each <see cref="AcceptanceData"/> split:
/// (a) every binary trainer at its search-space default point and at ML.NET's own defaults, fitted on train;
/// (b) a <c>--seconds</c> AutoML run (CFO) on train; (c) random search given <c>--factor</c> times the time.
/// The best trial of (b) and (c) is refitted on all train rows; everything is scored once on the test rows
/// (AUC). Accepted when (b) beats every (a) and (b) ≥ 0.99 × (c). Options: <c>--datasets a,b</c>,
/// <c>--seconds 60</c>, <c>--factor 10</c>, <c>--workers 2</c>, <c>--seed 0</c>, <c>--out DIR</c> (splits and
/// <c>acceptance.md</c>; default <c>$TMPDIR/marketlab-automl</c>), <c>--tuner cfo</c>, <c>--no-random</c>,
/// <c>--adaptive-timeout</c> (per-trial limits as the CLI sets them), <c>--text-embeddings MODEL</c> (sentence embeddings
/// beside the n-grams), <c>--validation-groups auto|none</c> (as the CLI option; default auto), <c>--folds N</c> (0 = holdout; unset = the automatic choice, as the CLI), <c>--zero-shot</c> (start CFO from the zero-shot
/// table without the measured dataset), <c>--zero-shot-table</c>
/// (build that table from the trial logs of a finished run in <c>--out</c>).
/// </summary>
public static class AutoMLAcceptance
{
    private const AutoMLTask Task = AutoMLTask.BinaryClassification;

    public static int Run(string[] args)
    {
        var datasets = Arg(args, "--datasets", "uci-sentiment,hillstrom-visit,online-shoppers").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var seconds = int.Parse(Arg(args, "--seconds", "60"), CultureInfo.InvariantCulture);
        var factor = int.Parse(Arg(args, "--factor", "10"), CultureInfo.InvariantCulture);
        var workers = int.Parse(Arg(args, "--workers", "2"), CultureInfo.InvariantCulture);
        var seed = int.Parse(Arg(args, "--seed", "0"), CultureInfo.InvariantCulture);
        var tuner = Enum.Parse<TunerKind>(Arg(args, "--tuner", "cfo"), ignoreCase: true);
        Stack = !args.Contains("--no-stack");
        ZeroShot = args.Contains("--zero-shot");
        Adaptive = args.Contains("--adaptive-timeout");
        Embeddings = Arg(args, "--text-embeddings", "") is { Length: > 0 } model ? model : null;
        Groups = Arg(args, "--validation-groups", ValidationGroups.Auto);
        Folds = Arg(args, "--folds", "") is { Length: > 0 } folds ? int.Parse(folds, CultureInfo.InvariantCulture) : null;
        var output = Arg(args, "--out", Path.Combine(Path.GetTempPath(), "marketlab-automl"));
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

        if (args.Contains("--zero-shot-table")) return WriteZeroShotTable(datasets, output, seed);

        var report = new StringBuilder();
        var accepted = true;
        if (args.Contains("--automl-workers"))
        {
            report.AppendLine($"| dataset | workers × threads | trials in {seconds} s | trials / min | best validation AUC |").AppendLine("|---|---|---|---|---|");
            foreach (var name in datasets)
            {
                var split = AcceptanceData.Prepare(name, output, seed);
                var (train, kinds) = Load(split.TrainCsv, split);
                foreach (var w in new[] { 1, 2 })
                {
                    var options = Options(TunerKind.Random, seconds, w, seed) with { LabelColumn = LabelOf(train) };
                    var result = new MLContext(seed).Auto().CreateExperiment(options).RunAsync(train, Progress(name, $"random w={w}"), cts.Token, kinds).GetAwaiter().GetResult();
                    report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {w} × 1 | {result.Trials.Count} | {result.Trials.Count * 60.0 / seconds:0.0} | {AcceptanceData.Invariant(result.Best?.Metric ?? double.NaN)} |");
                }
            }
        }
        else
        {
            report.AppendLine($"| dataset | candidate | trials | validation AUC | test AUC | test accuracy | time (s) |").AppendLine("|---|---|---|---|---|---|---|");
            foreach (var name in datasets)
                accepted &= name == "banking77"
                    ? Multiclass(AcceptanceData.Prepare(name, output, seed), seconds, workers, seed, tuner, report, cts.Token)
                    : Acceptance(AcceptanceData.Prepare(name, output, seed), seconds, factor, workers, seed, tuner, !args.Contains("--no-random"), !args.Contains("--no-defaults"), report, cts.Token);
        }

        Console.WriteLine();
        Console.WriteLine(report);
        File.WriteAllText(Path.Combine(output, args.Contains("--automl-workers") ? "workers.md" : "acceptance.md"), report.ToString());
        Console.WriteLine($"Splits and report in {output}");
        return accepted ? 0 : 1;
    }

    private static bool Acceptance(AcceptanceSplit split, int seconds, int factor, int workers, int seed, TunerKind tuner, bool random, bool fitDefaults,
        StringBuilder report, CancellationToken token)
    {
        var (train, kinds) = Load(split.TrainCsv, split);
        var (test, _) = Load(split.TestCsv, split);
        var plan = Featurizer.Plan(train, LabelOf(train), Task, kinds);
        var ml = new MLContext(seed);
        var defaults = new List<(string Name, double Auc)>();
        foreach (var learner in TrainerSearchSpaces.For(Task).Where(_ => fitDefaults).Select(l => plan.HasText ? TrainerSearchSpaces.WithTextDefaults(l) : l))
        {
            var trainer = Enum.Parse<TrainerName>(learner.Name);
            var featurizer = plan.HasText ? FeaturizerSearchSpace.Text.Default : ParameterSet.Empty;
            foreach (var (kind, estimator) in new[]
                     {
                         ("space default", TrainerFactory.Create(ml, Task, trainer, learner.Space.Default, threads: 2, scaleFeatures: Featurizer.ScalesFeatures(plan))),
                         ("ML.NET default", LibraryDefault(ml, trainer, Featurizer.ScalesFeatures(plan))),
                     })
            {
                var watch = Stopwatch.StartNew();
                var model = Featurizer.Build(ml, plan, featurizer).Append(estimator).Fit(train);
                var auc = TestAuc(ml, model, test);
                defaults.Add(($"{learner.Name} ({kind})", auc.Auc));
                Row(report, split.Name, $"{learner.Name} at its {kind}", "1", double.NaN, auc, watch.Elapsed.TotalSeconds);
            }
        }

        var automl = Search(split, train, test, kinds, tuner, seconds, workers, seed, report, token);
        var peer = random ? Search(split, train, test, kinds, TunerKind.Random, seconds * factor, workers, seed, report, token) : double.NaN;
        (string Name, double Auc) bestDefault = defaults.Count > 0 ? defaults.MaxBy(d => d.Auc) : ("none fitted", double.NegativeInfinity);
        var beatsDefaults = automl > bestDefault.Auc;
        var withinPeer = !random || automl >= 0.99 * peer;
        Console.WriteLine($"{split.Name}: {tuner} {seconds} s test AUC {automl:0.0000}; best default {bestDefault.Name} {bestDefault.Auc:0.0000} -> {(beatsDefaults ? "beats" : "does NOT beat")} every default; " +
                          (random ? $"random {seconds * factor} s {peer:0.0000} -> {(withinPeer ? "within" : "NOT within")} 1%" : "random search skipped"));
        report.AppendLine(CultureInfo.InvariantCulture, $"| {split.Name} | **acceptance** | | | {(beatsDefaults ? "beats every default" : "does NOT beat every default")}; {(random ? (withinPeer ? $"within 1% of random ({automl / peer - 1:+0.00%;-0.00%})" : $"NOT within 1% of random ({automl / peer - 1:+0.00%;-0.00%})") : "random skipped")} | |");
        return beatsDefaults && withinPeer;
    }

    // Multiclass (BANKING77): only the AutoML run, searched on micro accuracy; the row's "validation AUC" cell holds the
    // validation accuracy and the "test AUC" cell the test macro-F1 (scikit-learn's f1_score average='macro'), both labelled.
    private static bool Multiclass(AcceptanceSplit split, int seconds, int workers, int seed, TunerKind tuner, StringBuilder report, CancellationToken token)
    {
        var (train, kinds) = Load(split.TrainCsv, split);
        var (test, _) = Load(split.TestCsv, split);
        var ml = new MLContext(seed);
        var experiment = ml.Auto().CreateExperiment(WithZeroShot(Options(tuner, seconds, workers, seed) with
        {
            Task = AutoMLTask.MulticlassClassification, Metric = AutoMLMetric.MicroAccuracy,
        }, split.Name));
        var watch = Stopwatch.StartNew();
        var result = experiment.RunAsync(train, Progress(split.Name, $"{tuner} {seconds} s"), token, kinds).GetAwaiter().GetResult();
        var best = result.Best ?? throw new InvalidOperationException($"{split.Name}: no {tuner} trial succeeded.");
        WriteTrials(split, tuner, result);
        var scored = experiment.Refit(best).Transform(test);
        var accuracy = AutoMLMetrics.Compute(ml, AutoMLTask.MulticlassClassification, AutoMLMetric.MicroAccuracy, scored);
        var macroF1 = AutoMLMetrics.Compute(ml, AutoMLTask.MulticlassClassification, AutoMLMetric.MacroF1, scored);
        var failed = result.Trials.Count(t => t.Status == TrialStatus.Failed);
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {split.Name} | AutoML {tuner.ToString().ToLowerInvariant()} {seconds} s (best: {best.Learner}) | {result.Trials.Count}{(failed > 0 ? $" ({failed} failed)" : "")} | accuracy {AcceptanceData.Invariant(best.Metric)} | macro-F1 {AcceptanceData.Invariant(macroF1)} | {AcceptanceData.Invariant(accuracy)} | {watch.Elapsed.TotalSeconds:0.0} |");
        Console.WriteLine($"{split.Name}: test accuracy {accuracy:0.0000}, macro-F1 {macroF1:0.0000}");

        // What `marketlab automl` ships: the selected ensemble when it beats the best trial on validation.
        var ensembleWatch = Stopwatch.StartNew();
        if (experiment.TrySelectEnsemble(result) is { Members.Count: >= 2 } selected)
        {
            var predicted = experiment.RefitEnsemble(selected).PredictLabels(test);
            var truth = test.GetColumn<ReadOnlyMemory<char>>("label").Select(l => l.ToString()).ToArray();
            var (ensembleAccuracy, ensembleF1) = (predicted.Zip(truth).Average(p => p.First == p.Second ? 1.0 : 0.0), MacroF1(truth, predicted));
            var members = string.Join(", ", selected.Members.Select((m, i) => string.Create(CultureInfo.InvariantCulture, $"{m.Learner} {selected.Weights[i]:0.00}")));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {split.Name} | + ensemble selection ({members}){(selected.BeatsBestTrial ? "; **shipped**" : "; not better on validation, not shipped")} | {selected.Members.Count} | accuracy {AcceptanceData.Invariant(selected.Metric)} | macro-F1 {AcceptanceData.Invariant(ensembleF1)} | {AcceptanceData.Invariant(ensembleAccuracy)} | {watch.Elapsed.TotalSeconds:0.0} |");
            Console.WriteLine($"{split.Name}: ensemble selection ({ensembleWatch.Elapsed.TotalSeconds:0.0} s): test accuracy {ensembleAccuracy:0.0000}, macro-F1 {ensembleF1:0.0000}");
        }

        // The stacked ensemble (a logarithmic opinion pool of the library) for information, as for binary data.
        if (Stack && experiment.TryStackEnsemble(result) is { } stacked)
        {
            var predicted = experiment.RefitEnsemble(stacked).PredictLabels(test);
            var truth = test.GetColumn<ReadOnlyMemory<char>>("label").Select(l => l.ToString()).ToArray();
            var stackedAccuracy = predicted.Zip(truth).Average(p => p.First == p.Second ? 1.0 : 0.0);
            var weights = string.Join(", ", stacked.Weights.Select(w => w.ToString("0.00", CultureInfo.InvariantCulture)));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {split.Name} | (stacked: log-linear pool of {stacked.Members.Count}, weights {weights}; not the default) | {stacked.Members.Count} | accuracy {AcceptanceData.Invariant(stacked.Metric)} | macro-F1 {AcceptanceData.Invariant(MacroF1(truth, predicted))} | {AcceptanceData.Invariant(stackedAccuracy)} | {watch.Elapsed.TotalSeconds:0.0} |");
        }

        return true;
    }

    // Every trial of the search (learner, status, validation metric, seconds, parameters) as JSON lines beside the splits:
    // the raw material of the per-learner best configurations (docs/automl.md).
    private static void WriteTrials(AcceptanceSplit split, TunerKind tuner, AutoMLResult result) =>
        File.WriteAllLines(Path.Combine(split.Directory, $"trials-{tuner.ToString().ToLowerInvariant()}.jsonl"), result.Trials.Select(t =>
            System.Text.Json.JsonSerializer.Serialize(new { id = t.Id, learner = t.Learner, status = t.Status.ToString(), metric = double.IsFinite(t.Metric) ? t.Metric : (double?)null,
                seconds = t.DurationSeconds, parameters = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(t.Parameters.ToJson()) })));

    // scikit-learn's f1_score(average="macro") over the classes present in the truth or the predictions.
    private static double MacroF1(string[] truth, string[] predicted)
    {
        var classes = truth.Union(predicted).ToList();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        return MarketLab.Experiments.Runs.ClassificationScores.MacroF1(new MarketLab.Experiments.Runs.ClassificationPredictions(
            classes, [.. truth.Select(t => index[t])], [.. predicted.Select(p => index[p])], null));
    }

    private static double Search(AcceptanceSplit split, IDataView train, IDataView test, IReadOnlyDictionary<string, ColumnKind> kinds,
        TunerKind tuner, int seconds, int workers, int seed, StringBuilder report, CancellationToken token)
    {
        var ml = new MLContext(seed);
        var experiment = ml.Auto().CreateExperiment(WithZeroShot(Options(tuner, seconds, workers, seed) with { LabelColumn = LabelOf(train) }, split.Name));
        var watch = Stopwatch.StartNew();
        var result = experiment.RunAsync(train, Progress(split.Name, $"{tuner} {seconds} s"), token, kinds).GetAwaiter().GetResult();
        var best = result.Best ?? throw new InvalidOperationException($"{split.Name}: no {tuner} trial succeeded.");
        WriteTrials(split, tuner, result);
        var bestModel = experiment.Refit(best);
        var (auc, accuracy) = TestAuc(ml, bestModel, test);
        var failed = result.Trials.Count(t => t.Status == TrialStatus.Failed);
        Row(report, split.Name, $"AutoML {tuner.ToString().ToLowerInvariant()} {seconds} s (best: {best.Learner})",
            $"{result.Trials.Count}{(failed > 0 ? $" ({failed} failed)" : "")}", best.Metric, (auc, accuracy), watch.Elapsed.TotalSeconds);
        if (tuner == TunerKind.Random) return auc;

        // What `marketlab automl` ships: the selected ensemble when it beats the best trial on validation, else the best
        // trial. The stacked ensemble (--ensemble-method stack) is scored beside it for information.
        var labels = bestModel.Transform(test).GetColumn<bool>(FeaturizationPlan.LabelColumn).Select(l => l ? 1.0 : 0.0).ToArray();
        (double Auc, double Accuracy) Score(EnsembleCandidate ensemble)
        {
            var probabilities = ensemble.PredictProbabilities(experiment, test);
            return (MarketLab.Evaluation.Classification.RankingMetrics.RocAuc(labels, probabilities.Select(p => (double)p).ToArray()),
                labels.Select((l, i) => (probabilities[i] > 0.5f) == (l == 1) ? 1.0 : 0.0).Average());
        }

        string Members(EnsembleCandidate ensemble) => string.Join(", ", ensemble.Members.Select((m, i) => string.Create(CultureInfo.InvariantCulture, $"{m.Learner} {ensemble.Weights[i]:0.00}")));
        var shipped = auc;
        if (experiment.TrySelectEnsemble(result) is { } selected)
        {
            var score = Score(selected);
            Row(report, split.Name, $"+ ensemble selection ({Members(selected)}){(selected.BeatsBestTrial ? "; shipped" : "; not better on validation, not shipped")}",
                $"{selected.Members.Count}", selected.Metric, score, watch.Elapsed.TotalSeconds);
            if (selected.BeatsBestTrial) shipped = score.Auc;
        }

        if (Stack && experiment.TryStackEnsemble(result) is { } stacked)
            Row(report, split.Name, string.Create(CultureInfo.InvariantCulture, $"(stacked: intercept {stacked.Stacker!.Intercept:0.00}, {Members(stacked)}; not the default)"),
                $"{stacked.Members.Count}", stacked.Metric, Score(stacked), watch.Elapsed.TotalSeconds);
        return shipped;
    }

    // --no-stack skips the stacked ensemble's row (its members are refitted on all training rows once more).
    private static bool Stack = true;

    // --zero-shot: CFO starts from the zero-shot table's configurations, the measured dataset's own entries left out
    // (leave-one-dataset-out, as FLAML's zero-shot evaluation), so the run measures a start it could not have seen.
    private static bool ZeroShot;

    private static AutoMLExperimentOptions WithZeroShot(AutoMLExperimentOptions options, string dataset) => !ZeroShot ? options : options with
    {
        ZeroShot = true,
        ZeroShotTable = [.. ZeroShotDefaults.Table.Where(e => e.Dataset != dataset)],
    };

    // --zero-shot-table: the table from the CFO trial logs an acceptance run left in --out (DATASET/trials-cfo.jsonl):
    // per dataset and learner the best succeeded trial, with the dataset's meta-features. Written to
    // --out/zero-shot-defaults.json; copy it to src/Experiments/AutoML/Spaces/ to ship it (docs/automl.md).
    private static int WriteZeroShotTable(string[] datasets, string output, int seed)
    {
        var entries = new List<object>();
        foreach (var name in datasets)
        {
            var split = AcceptanceData.Prepare(name, output, seed);
            var log = Path.Combine(split.Directory, "trials-cfo.jsonl");
            if (!File.Exists(log))
            {
                Console.Error.WriteLine($"{name}: no {log}; run --automl-acceptance on it first (without --zero-shot).");
                return 2;
            }

            var (train, kinds) = Load(split.TrainCsv, split);
            var task = name == "banking77" ? AutoMLTask.MulticlassClassification : Task;
            var plan = Featurizer.Plan(train, LabelOf(train), task, kinds);
            var rows = 0;
            using (var cursor = train.GetRowCursor([]))
                while (cursor.MoveNext()) rows++;
            var traits = DatasetTraits.Of(plan, rows);
            var trials = File.ReadLines(log).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Where(t => t.GetProperty("status").GetString() == nameof(TrialStatus.Succeeded) && t.GetProperty("metric").ValueKind == System.Text.Json.JsonValueKind.Number);
            foreach (var best in trials.GroupBy(t => t.GetProperty("learner").GetString()!).OrderBy(g => g.Key, StringComparer.Ordinal)
                         .Select(g => g.OrderByDescending(t => t.GetProperty("metric").GetDouble()).ThenBy(t => t.GetProperty("id").GetInt32()).First()))
            {
                entries.Add(new
                {
                    dataset = name, task = task.ToString(), rows = traits.Rows, numeric = traits.Numeric, categorical = traits.Categorical, text = traits.Text,
                    learner = best.GetProperty("learner").GetString(), validation = Math.Round(best.GetProperty("metric").GetDouble(), 4),
                    parameters = best.GetProperty("parameters"),
                });
                Console.WriteLine($"{name} {best.GetProperty("learner").GetString()}: validation {best.GetProperty("metric").GetDouble():0.0000} (trial {best.GetProperty("id").GetInt32()})");
            }
        }

        var path = Path.Combine(output, "zero-shot-defaults.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(entries, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"Wrote {entries.Count} entries to {path}");
        return 0;
    }

    // --adaptive-timeout: per-trial limits from the budget left and the measured trial costs, as `marketlab automl` sets
    // them (TrialTimeoutPolicy); without it a fixed tenth of the budget, as the earlier tables were measured.
    private static bool Adaptive;

    // --text-embeddings MODEL: the encoder's sentence embeddings (ONNX Runtime) beside the tuned n-grams of each text
    // column (AutoMLExperimentOptions.TextEmbeddingsWithNgrams); the embedding of every text falls on the budget.
    private static string? Embeddings;

    // --validation-groups: AutoMLExperimentOptions.ValidationGroups (auto keeps SST-2's sub-phrases with their sentence).
    private static string Groups = ValidationGroups.Auto;

    // --folds N: AutoMLExperimentOptions.Folds (0 = the holdout); unset, the automatic choice, as `marketlab automl` makes it.
    private static int? Folds;

    internal static AutoMLExperimentOptions Options(TunerKind tuner, int seconds, int workers, int seed) => new()
    {
        TextEmbeddings = Embeddings is { } model ? new MarketLab.Experiments.Models.MLNet.SentenceEmbeddingOptions { Model = model } : null,
        TextEmbeddingsWithNgrams = Embeddings is not null,
        Task = Task, LabelColumn = "label", Tuner = tuner, TimeBudget = TimeSpan.FromSeconds(seconds), Workers = workers,
        TotalThreads = workers, Seed = seed, TrialTimeout = Adaptive ? null : AutoMLExperimentOptions.DefaultTrialTimeout(TimeSpan.FromSeconds(seconds)),
        AdaptiveTrialTimeout = Adaptive,
        ValidationGroups = Groups,
        Folds = Folds,
        Log = line => Console.WriteLine("  " + line), // the validation grouping, the embedding progress
    };

    private static string LabelOf(IDataView data) => data.Schema.GetColumnOrNull("label") is null ? "visit" : "label";

    private static (IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds) Load(string path, AcceptanceSplit split)
    {
        var (data, kinds) = CsvDataLoader.Load(path);
        var merged = kinds.ToDictionary(k => k.Key, k => split.KindOverrides.TryGetValue(k.Key, out var o) ? o : k.Value);
        return (data, merged);
    }

    // ML.NET's trainers with every option at the library default (linear learners get the same min-max normalisation as in the search).
    private static IEstimator<ITransformer> LibraryDefault(MLContext ml, TrainerName trainer, bool scale)
    {
        const string label = FeaturizationPlan.LabelColumn, features = FeaturizationPlan.FeaturesColumn;
        IEstimator<ITransformer> normalize = scale ? ml.Transforms.NormalizeMinMax(features) : new EstimatorChain<ITransformer>();
        return trainer switch
        {
            TrainerName.SdcaLogisticRegression => normalize.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(label, features)),
            TrainerName.LbfgsLogisticRegression => normalize.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(label, features)),
            TrainerName.FastTree => ml.BinaryClassification.Trainers.FastTree(label, features),
            TrainerName.FastForest => ml.BinaryClassification.Trainers.FastForest(label, features),
            TrainerName.LightGbm => ml.BinaryClassification.Trainers.LightGbm(label, features),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Not a binary trainer."),
        };
    }

    // Test AUC, and accuracy at the 0.5 probability threshold (what the trials' PredictedLabel uses).
    private static (double Auc, double Accuracy) TestAuc(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(test), FeaturizationPlan.LabelColumn);
        return (metrics.AreaUnderRocCurve, metrics.Accuracy);
    }

    private static IProgress<AutoMLProgress> Progress(string dataset, string run) => new SyncProgress(p =>
        Console.WriteLine($"[{dataset} {run}] trial {p.Trial.Id} {p.Trial.Learner} {(p.Trial.Status == TrialStatus.Succeeded ? p.Trial.Metric.ToString("0.0000", CultureInfo.InvariantCulture) : p.Trial.Error)} " +
                          $"({p.Trial.DurationSeconds:0.0} s); best {p.Best?.Metric:0.0000}; {p.Remaining.TotalSeconds:0} s left"));

    private static void Row(StringBuilder report, string dataset, string candidate, string trials, double validation, (double Auc, double Accuracy) test, double seconds)
    {
        report.AppendLine(CultureInfo.InvariantCulture, $"| {dataset} | {candidate} | {trials} | {(double.IsNaN(validation) ? "" : AcceptanceData.Invariant(validation))} | {AcceptanceData.Invariant(test.Auc)} | {AcceptanceData.Invariant(test.Accuracy)} | {seconds:0.0} |");
        Console.WriteLine($"{dataset}: {candidate}: test AUC {test.Auc:0.0000}, accuracy {test.Accuracy:0.0000} ({seconds:0.0} s)");
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private sealed class SyncProgress(Action<AutoMLProgress> report) : IProgress<AutoMLProgress>
    {
        public void Report(AutoMLProgress value) => report(value);
    }
}
