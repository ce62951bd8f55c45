using System.Globalization;
using MarketLab.Evaluation.Classification;
using MarketLab.Experiments.AutoML;
using MarketLab.Experiments.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using RankingMetrics = MarketLab.Evaluation.Classification.RankingMetrics;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// <c>kind: automl</c> (task <c>text_classification</c>): an AutoML search (<see cref="AutoMLExperiment"/>) on the
/// training sentences — one worker, one thread, the candidate's seed and a trial-count budget, so a spec and seed
/// always give the same trials — then the best trial refitted on all training sentences and scored on the
/// held-out ones. Binary labels: accuracy, ROC AUC and log loss; more classes: accuracy and macro-F1. The best
/// trainer and its parameters go to the report's notes.
/// </summary>
/// <remarks>
/// Parameters: <c>trials</c> (default 8), <c>tuner</c> (smac | random; default smac), <c>trainers</c>
/// (comma-separated trainer names, e.g. <c>LightGbm, LbfgsLogisticRegression</c>; default all of the task's),
/// <c>folds</c> (cross-validation folds inside the training rows, 0 = one 20% holdout; default 3) and
/// <c>primary</c> (accuracy | auc: the leaderboard metric; default accuracy).
/// </remarks>
internal sealed class AutoMLCandidate : ICandidateRunner
{
    public const string TextColumn = "Text";
    public const string LabelColumn = "Label";
    private static readonly string[] Tuners = ["smac", "random"];
    private static readonly string[] Primaries = ["accuracy", "auc"];

    public string Kind => "automl";
    public ExperimentTask Task => ExperimentTask.TextClassification;
    public IReadOnlyCollection<string> Parameters { get; } = ["trials", "tuner", "trainers", "folds", "primary"];

    /// <summary>Parsed parameters.</summary>
    internal sealed record Settings(int Trials, TunerKind Tuner, IReadOnlyList<TrainerName>? Trainers, int Folds, string Primary);

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
        string primary = p.GetValueOrDefault("primary") ?? "accuracy";
        if (!Primaries.Contains(primary)) errors.Add(("primary", $"'{primary}' is not allowed; use one of {string.Join(", ", Primaries)}"));
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
        var tuner = tunerName == "random" ? TunerKind.Random : TunerKind.Smac;
        return (errors.Count == 0 ? new Settings(trials, tuner, trainers, folds, primary) : null, errors);
    }

    public async Task<CandidateOutcome> RunAsync(CandidateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (settings, errors) = Parse(context.Candidate.Parameters);
        if (settings is null)
            throw new ArgumentException($"Candidate '{context.Candidate.Name}': parameter {errors[0].Parameter}: {errors[0].Message}.");
        var split = context.Data.Text ?? throw new InvalidOperationException("kind automl needs text-classification data (task: text_classification).");
        var classes = split.Classes;
        if (classes.Count < 2) throw new InvalidOperationException($"The dataset has a single class ('{classes[0]}'); classification needs two or more.");
        bool binary = classes.Count == 2;
        if (!binary && settings.Primary == "auc")
            throw new ArgumentException($"Candidate '{context.Candidate.Name}': parameter primary: auc needs two classes; the dataset has {classes.Count}.");
        var task = binary ? AutoMLTask.BinaryClassification : AutoMLTask.MulticlassClassification;
        if (settings.Trainers is { } chosen && chosen.FirstOrDefault(t => !TrainerSearchSpaces.For(task).Any(l => l.Name == t.ToString())) is var bad && chosen.Any(t => !TrainerSearchSpaces.For(task).Any(l => l.Name == t.ToString())))
            throw new ArgumentException($"Candidate '{context.Candidate.Name}': parameter trainers: {bad} does not serve {task}; allowed: {string.Join(", ", TrainerSearchSpaces.For(task).Select(l => l.Name))}.");
        string positive = classes[^1];

        var ml = new MLContext(context.Seed);
        var experiment = ml.Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = task, LabelColumn = LabelColumn, Tuner = settings.Tuner, MaxTrials = settings.Trials,
            TimeBudget = TimeSpan.FromDays(1), // the trial count is the budget: a wall-time budget would make results machine-dependent
            Folds = settings.Folds, Workers = 1, TotalThreads = 1, Seed = context.Seed, Trainers = settings.Trainers,
        });
        var kinds = new Dictionary<string, ColumnKind> { [TextColumn] = ColumnKind.Text };
        var result = await experiment.RunAsync(View(ml, split.Train, binary, positive), null, cancellationToken, kinds).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var best = result.Best ?? throw new InvalidOperationException(
            $"No AutoML trial succeeded in {result.Trials.Count}: {string.Join("; ", result.Trials.Select(t => t.Error).Where(e => e is not null).Distinct().Take(3))}");

        var scored = experiment.Refit(best).Transform(View(ml, split.Test, binary, positive));
        var outcome = new CandidateOutcome { PrimaryMetric = settings.Primary };
        var m = outcome.Metrics;
        string searchMetric = Snake(result.Metric.ToString());
        m["train_rows"] = split.Train.Count;
        m["test_rows"] = split.Test.Count;
        m["classes"] = classes.Count;
        m["trials"] = result.Trials.Count;
        m["trials_failed"] = result.Trials.Count(t => t.Status != TrialStatus.Succeeded);
        m[$"search_{searchMetric}"] = best.Metric;
        if (binary)
        {
            double[] truth = split.Test.Labels.Select(l => l == positive ? 1.0 : 0.0).ToArray();
            double[] probability = scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
            bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
            m["accuracy"] = Enumerable.Range(0, truth.Length).Count(i => predicted[i] == (truth[i] == 1)) / (double)truth.Length;
            m["auc"] = RankingMetrics.RocAuc(truth, probability);
            m["log_loss"] = ProbabilityMetrics.LogLoss(truth, probability);
            m["test_positive_share"] = truth.Average();
            var roc = RankingMetrics.RocCurve(truth, probability);
            outcome.Curves.Add(new CurveSeries("ROC (test)", context.Candidate.Name, "false positive rate", "true positive rate",
                roc.FalsePositiveRate.ToList(), roc.TruePositiveRate.ToList()));
        }
        else
        {
            string[] predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => p.ToString()).ToArray();
            var truth = split.Test.Labels;
            m["accuracy"] = Enumerable.Range(0, truth.Count).Count(i => predicted[i] == truth[i]) / (double)truth.Count;
            m["macro_f1"] = classes.Average(c =>
            {
                int tp = Enumerable.Range(0, truth.Count).Count(i => predicted[i] == c && truth[i] == c);
                int fp = predicted.Count(p => p == c) - tp, fn = truth.Count(l => l == c) - tp;
                return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
            });
        }

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
        if (m["trials_failed"] > 0)
            outcome.Warnings.Add($"{m["trials_failed"]} of {result.Trials.Count} AutoML trials failed: {string.Join("; ", result.Trials.Select(t => t.Error).Where(e => e is not null).Distinct().Take(2))}");
        return outcome;
    }

    private static IDataView View(MLContext ml, TextExamples rows, bool binary, string positive) => binary
        ? ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows.Count).Select(i => new BinaryRow { Text = rows.Texts[i], Label = rows.Labels[i] == positive }).ToArray())
        : ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows.Count).Select(i => new ClassRow { Text = rows.Texts[i], Label = rows.Labels[i] }).ToArray());

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private sealed class BinaryRow
    {
        public string Text { get; set; } = "";
        public bool Label { get; set; }
    }

    private sealed class ClassRow
    {
        public string Text { get; set; } = "";
        public string Label { get; set; } = "";
    }
}
