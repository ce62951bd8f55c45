using System.Diagnostics;
using System.Globalization;
using MarketLab.Evaluation.Classification;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
using MarketLab.Experiments.Data.Tabular;
using Microsoft.ML;
using Microsoft.ML.Data;
using RankingMetrics = MarketLab.Evaluation.Classification.RankingMetrics;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// <c>kind: automl</c> (tasks <c>text_classification</c> and <c>tabular_classification</c>): an AutoML search
/// (<see cref="AutoMLExperiment"/>) on the training rows — featurized by column kind: the sentence as text, tabular
/// columns as numbers, Booleans or categories — with one worker, one thread, the candidate's seed and a trial-count
/// budget, so a spec and seed always give the same trials; then the best trial refitted on all training rows and
/// scored on the held-out ones. Binary labels: accuracy, ROC AUC and log loss; more classes: accuracy and macro-F1.
/// The outcome carries the held-out predictions (for the report's confusion matrix, ROC/PR and reliability charts)
/// and the cost: search + refit seconds, scoring rows per second on the test rows, and the saved model.zip's size.
/// The best trainer and its parameters go to the report's notes.
/// </summary>
/// <remarks>
/// Parameters: <c>trials</c> (default 8), <c>tuner</c> (smac | random; default smac), <c>trainers</c>
/// (comma-separated trainer names, e.g. <c>LightGbm, LbfgsLogisticRegression</c>; default all of the task's),
/// <c>folds</c> (cross-validation folds inside the training rows, 0 = one 20% holdout; default 3) and
/// <c>primary</c> (accuracy | auc (two classes) | macro_f1 (three or more): the leaderboard metric; default accuracy).
/// </remarks>
internal sealed class AutoMLCandidate : ICandidateRunner
{
    public const string TextColumn = "Text";
    public const string LabelColumn = "Label";
    private const string SlotNames = "SlotNames"; // ML.NET's annotation kind of a vector column's slot names
    private static readonly string[] Tuners = ["smac", "random"];

    public string Kind => "automl";
    public IReadOnlyCollection<ExperimentTask> Tasks { get; } = [ExperimentTask.TextClassification, ExperimentTask.TabularClassification];
    public IReadOnlyCollection<string> Parameters { get; } = ["trials", "tuner", "trainers", "folds", "primary", "text_features", "model", "validation_groups"];

    /// <summary>Parsed parameters; <paramref name="EmbeddingModel"/> is set for <c>text_features: embeddings</c> or <c>both</c> (then <paramref name="EmbeddingsWithNgrams"/>).</summary>
    internal sealed record Settings(int Trials, TunerKind Tuner, IReadOnlyList<TrainerName>? Trainers, int Folds, LeaderboardMetric Primary, string? EmbeddingModel = null, bool EmbeddingsWithNgrams = false,
        string ValidationGroups = AutoML.Runner.ValidationGroups.Auto);

    public IEnumerable<(string Parameter, string Message)> CheckParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var (_, errors) = Parse(parameters);
        return errors;
    }

    /// <summary>Reads and checks the parameters: the settings, or each bad parameter with its message.</summary>
    internal static (Settings? Settings, List<(string Parameter, string Message)> Errors) Parse(IReadOnlyDictionary<string, string> p)
    {
        var errors = new List<(string, string)>();
        int trials = 8, folds = 3;
        if (p.TryGetValue("trials", out var t) && !(int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out trials) && trials >= 1 && trials <= 10_000))
            errors.Add(("trials", $"'{t}' is not an integer in [1, 10000] (the number of AutoML trials)"));
        if (p.TryGetValue("folds", out var f) && !(int.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out folds) && (folds == 0 || folds is >= 2 and <= 20)))
            errors.Add(("folds", $"'{f}' is not 0 (a 20% holdout) or an integer in [2, 20] (cross-validation folds)"));
        string tunerName = p.GetValueOrDefault("tuner") ?? "smac";
        if (!Tuners.Contains(tunerName))
            errors.Add(("tuner", $"'{tunerName}' is not allowed; use one of {string.Join(", ", Tuners)} (one worker and a trial budget keep them reproducible)"));
        string primaryName = p.GetValueOrDefault("primary") ?? "accuracy";
        if (!LeaderboardMetricNames.TryParse(primaryName, out var primary)) errors.Add(("primary", $"'{primaryName}' is not allowed; use one of {LeaderboardMetricNames.Valid}"));
        List<TrainerName>? trainers = null;
        if (p.TryGetValue("trainers", out var list))
        {
            trainers = [];
            var names = list.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var allowed = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification).Concat(TrainerSearchSpaces.For(AutoMLTask.MulticlassClassification))
                .Select(l => l.Name).Distinct().ToArray();
            foreach (string name in names)
            {
                if (Enum.TryParse<TrainerName>(name, ignoreCase: true, out var trainer) && allowed.Contains(trainer.ToString())) { if (!trainers.Contains(trainer)) trainers.Add(trainer); }
                else { errors.Add(("trainers", $"'{name}' is not a classification trainer; allowed: {string.Join(", ", allowed)}")); break; }
            }
            if (names.Length == 0) errors.Add(("trainers", "is empty; name at least one trainer or leave the parameter out"));
        }
        string textFeatures = p.GetValueOrDefault("text_features") ?? "ngrams";
        string? model = p.GetValueOrDefault("model");
        if (textFeatures is not ("ngrams" or "embeddings" or "both"))
            errors.Add(("text_features", $"'{textFeatures}' is not allowed; use ngrams (TF-IDF word and character n-grams, tuned; the default), embeddings (a frozen pretrained encoder's mean-pooled sentence embeddings, with model: NAME) or both (the embedding beside the tuned n-grams)"));
        else if (textFeatures == "ngrams" && model is not null)
            errors.Add(("model", "is only used with text_features: embeddings or both"));
        else if (textFeatures != "ngrams" && model is not null && !MarketLab.Experiments.Models.PretrainedModels.IsNameOrFolder(model))
            errors.Add(("model", $"'{model}' is neither a catalogued model ({MarketLab.Experiments.Models.PretrainedModels.Names}) nor a model folder"));
        string? embeddingModel = textFeatures is "embeddings" or "both" ? model ?? MarketLab.Experiments.Models.PretrainedModels.AllMiniLmL6V2.Name : null;
        string groups = p.GetValueOrDefault("validation_groups") ?? AutoML.Runner.ValidationGroups.Auto;
        if (string.IsNullOrWhiteSpace(groups))
            errors.Add(("validation_groups", "is empty; use auto (repeated and nested texts stay together in one fold when common; the default), none, or a column name"));
        var tuner = tunerName == "random" ? TunerKind.Random : TunerKind.Smac;
        return (errors.Count == 0 ? new Settings(trials, tuner, trainers, folds, primary, embeddingModel, textFeatures == "both", groups) : null, errors);
    }

    public async Task<CandidateOutcome> RunAsync(CandidateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (settings, errors) = Parse(context.Candidate.Parameters);
        if (settings is null)
            throw new ArgumentException($"Candidate '{context.Candidate.Name}': parameter {errors[0].Parameter}: {errors[0].Message}.");
        var (trainTable, testTable) = context.Data switch
        {
            { Tabular: { } tabular } => (tabular.Train, tabular.Test),
            { Text: { } text } => (LabelledTable.FromText(text.Train, TextColumn), LabelledTable.FromText(text.Test, TextColumn)),
            _ => throw new InvalidOperationException("kind automl needs classification data (task: text_classification or tabular_classification)."),
        };
        var classes = trainTable.Labels.Concat(testTable.Labels).Distinct().Order(StringComparer.Ordinal).ToList();
        if (classes.Count < 2) throw new InvalidOperationException($"The dataset has a single class ('{classes[0]}'); classification needs two or more.");
        bool binary = classes.Count == 2;
        if (!binary && settings.Primary == LeaderboardMetric.Auc)
            throw new ArgumentException($"Candidate '{context.Candidate.Name}': parameter primary: auc needs two classes; the dataset has {classes.Count}.");
        if (binary && settings.Primary == LeaderboardMetric.MacroF1)
            throw new ArgumentException($"Candidate '{context.Candidate.Name}': parameter primary: macro_f1 is reported for three or more classes; use accuracy or auc for two.");
        var task = binary ? AutoMLTask.BinaryClassification : AutoMLTask.MulticlassClassification;
        if (settings.Trainers is { } chosen && chosen.FirstOrDefault(t => !TrainerSearchSpaces.For(task).Any(l => l.Name == t.ToString())) is var bad && chosen.Any(t => !TrainerSearchSpaces.For(task).Any(l => l.Name == t.ToString())))
            throw new ArgumentException($"Candidate '{context.Candidate.Name}': parameter trainers: {bad} does not serve {task}; allowed: {string.Join(", ", TrainerSearchSpaces.For(task).Select(l => l.Name))}.");
        string? positive = binary ? classes[^1] : null;

        var ml = new MLContext(context.Seed);
        var experiment = ml.Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = task, LabelColumn = LabelColumn, Tuner = settings.Tuner, MaxTrials = settings.Trials,
            TimeBudget = TimeSpan.FromDays(1), // the trial count is the budget: a wall-time budget would make results machine-dependent
            Folds = settings.Folds, Workers = 1, TotalThreads = 1, Seed = context.Seed, Trainers = settings.Trainers,
            TextEmbeddings = settings.EmbeddingModel is { } embedding ? new MarketLab.Experiments.Models.MLNet.SentenceEmbeddingOptions { Model = embedding } : null,
            TextEmbeddingsWithNgrams = settings.EmbeddingsWithNgrams,
            ValidationGroups = settings.ValidationGroups,
            Log = context.Progress is { } log ? line => log.Report(new CandidateProgress(line, 0)) : null,
        });
        var trainClock = Stopwatch.StartNew();
        var trainView = trainTable.ToDataView(LabelColumn, positive);
        context.Progress?.Report(new CandidateProgress("columns: " + string.Join("; ", DescribeColumns(trainTable)), 0));
        // One report per finished trial: in a log (not a terminal) the run observer prints a line per tenth of the trials.
        var trialProgress = context.Progress is { } sink
            ? new SynchronousProgress<AutoMLProgress>(p => sink.Report(new CandidateProgress(TrialLine(p, settings.Trials), (double)p.TrialsDone / settings.Trials)))
            : null;
        var result = await experiment.RunAsync(trainView, trialProgress, cancellationToken, trainTable.Kinds).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var best = result.Best ?? throw new InvalidOperationException(
            $"No AutoML trial succeeded in {result.Trials.Count}: {string.Join("; ", result.Trials.Select(t => t.Error).Where(e => e is not null).Distinct().Take(3))}");
        var model = experiment.Refit(best);
        double trainSeconds = trainClock.Elapsed.TotalSeconds;

        var scoreClock = Stopwatch.StartNew();
        var scored = model.Transform(testTable.ToDataView(LabelColumn, positive));
        var predictions = Predict(scored, classes, testTable.Labels, positive);
        double scoreSeconds = scoreClock.Elapsed.TotalSeconds;

        var outcome = new CandidateOutcome { PrimaryMetric = LeaderboardMetricNames.Key(settings.Primary), Predictions = predictions };
        var m = outcome.Metrics;
        string searchMetric = Snake(result.Metric.ToString());
        m["train_rows"] = trainTable.Count;
        m["test_rows"] = testTable.Count;
        m["classes"] = classes.Count;
        m["trials"] = result.Trials.Count;
        m["trials_failed"] = result.Trials.Count(t => t.Status != TrialStatus.Succeeded);
        m[$"search_{searchMetric}"] = best.Metric;
        int n = predictions.Truth.Count;
        m["accuracy"] = ClassificationScores.Accuracy(predictions);
        if (binary)
        {
            double[] truth = predictions.Truth.Select(t => (double)t).ToArray();
            double[] probability = predictions.Probabilities!.Select(p => p[1]).ToArray();
            m["auc"] = truth.Distinct().Count() == 2 ? RankingMetrics.RocAuc(truth, probability) : double.NaN;
            m["log_loss"] = ProbabilityMetrics.LogLoss(truth, probability);
            m["test_positive_share"] = truth.Average();
        }
        else m["macro_f1"] = ClassificationScores.MacroF1(predictions);

        var bestSoFar = new List<double>();
        foreach (var trial in result.Trials)
        {
            double v = trial.Status == TrialStatus.Succeeded ? trial.Metric : double.NaN;
            bestSoFar.Add(bestSoFar.Count == 0 || double.IsNaN(bestSoFar[^1]) ? v
                : double.IsNaN(v) ? bestSoFar[^1] : AutoMLMetrics.IsBetter(result.Metric, v, bestSoFar[^1]) ? v : bestSoFar[^1]);
        }
        outcome.Curves.Add(new CurveSeries("AutoML search", context.Candidate.Name, "trial", $"best {searchMetric} so far ({(settings.Folds == 0 ? "holdout" : $"{settings.Folds}-fold CV")})",
            Enumerable.Range(1, bestSoFar.Count).Select(i => (double)i).ToList(), bestSoFar));
        outcome.Notes.Add($"Best trainer: {best.Learner} (trial {best.Id}, {searchMetric} {best.Metric.ToString("0.####", CultureInfo.InvariantCulture)} on the training rows; {result.Trials.Count} trials, tuner {settings.Tuner.ToString().ToLowerInvariant()}, seed {context.Seed}).");
        outcome.Notes.Add($"Best parameters: {best.Parameters.ToJson()}");
        if (result.ValidationGrouping is { } grouping) outcome.Notes.Add(grouping);
        if (m["trials_failed"] > 0)
            outcome.Warnings.Add($"{m["trials_failed"]} of {result.Trials.Count} AutoML trials failed: {string.Join("; ", result.Trials.Select(t => t.Error).Where(e => e is not null).Distinct().Take(2))}");

        long? modelBytes = null;
        string modelFile = $"{SafeFileName(context.Candidate.Name)}.model.zip";
        try
        {
            string modelPath = Path.Combine(context.ArtifactsDirectory, modelFile);
            AutoMLModelFile.Save(ml, model, trainView.Schema, modelPath);
            modelBytes = new FileInfo(modelPath).Length;
            outcome.Artifacts.Add(modelFile);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            outcome.Warnings.Add($"The model could not be saved ({e.GetType().Name}: {e.Message}); its size is unknown.");
        }
        return outcome with { Cost = new CandidateCost(trainSeconds, scoreSeconds > 0 ? n / scoreSeconds : null, modelBytes) };
    }

    /// <summary>
    /// The held-out predictions as class indices into <paramref name="classes"/> (sorted) with class probabilities:
    /// binary from the calibrated <c>Probability</c> column, multiclass from the <c>Score</c> vector matched to the
    /// classes through its slot names and scaled to sum to 1 (null when the trainer gives no usable scores).
    /// </summary>
    private static ClassificationPredictions Predict(IDataView scored, List<string> classes, IReadOnlyList<string> labels, string? positive)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var truth = labels.Select(l => index[l]).ToList();
        if (positive is not null)
        {
            double[] probability = scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
            var predicted = scored.GetColumn<bool>("PredictedLabel").Select(p => p ? 1 : 0).ToList();
            return new ClassificationPredictions(classes, truth, predicted, probability.Select(p => new[] { 1 - p, p }).ToList());
        }
        var predictedClasses = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => index.TryGetValue(p.ToString(), out int i) ? i : -1).ToList();
        if (predictedClasses.Contains(-1)) throw new InvalidOperationException("The model predicted a class that is not among the data's labels.");
        var score = scored.Schema["Score"];
        if (score.Annotations.Schema.GetColumnOrNull(SlotNames) is null)
            return new ClassificationPredictions(classes, truth, predictedClasses, null);
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        score.Annotations.GetValue(SlotNames, ref slotNames);
        var names = slotNames.DenseValues().Select(s => s.ToString()).ToArray();
        var slotOfClass = classes.Select(c => Array.IndexOf(names, c)).ToArray();
        var probabilities = new List<double[]>();
        foreach (var row in scored.GetColumn<VBuffer<float>>("Score"))
        {
            var values = row.DenseValues().ToArray();
            var p = slotOfClass.Select(s => s >= 0 && s < values.Length ? Math.Max(0.0, values[s]) : 0.0).ToArray();
            double sum = p.Sum();
            if (!(sum > 0) || !double.IsFinite(sum)) return new ClassificationPredictions(classes, truth, predictedClasses, null);
            probabilities.Add(p.Select(v => v / sum).ToArray());
        }
        return new ClassificationPredictions(classes, truth, predictedClasses, probabilities);
    }

    /// <summary>The kind of each feature column as AutoML will featurize it (the run log shows it before the search).</summary>
    internal static IEnumerable<string> DescribeColumns(LabelledTable table) =>
        table.Names.Select((name, i) => new InferredColumn(name, table.Kinds[name],
            table.Columns[i] is ReadOnlyMemory<char>[] text ? text.Select(t => t.ToString()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Count() : 0,
            table.Count).Describe());

    /// <summary>A finished trial as one log line: <c>trial 3/8: LightGbm accuracy 0.8123; best 0.8123 (LightGbm)</c>.</summary>
    internal static string TrialLine(AutoMLProgress p, int trials) =>
        string.Create(CultureInfo.InvariantCulture,
            $"trial {p.TrialsDone}/{trials}: {p.Trial.Learner} {(p.Trial.Status == TrialStatus.Succeeded ? $"{p.Trial.Metric:0.0000}" : "failed: " + p.Trial.Error)} in {p.Trial.DurationSeconds:0.0} s; best {(p.Best is null ? "-" : $"{p.Best.Metric:0.0000} ({p.Best.Learner})")}");

    private static string SafeFileName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
