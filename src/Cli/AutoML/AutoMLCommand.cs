using System.CommandLine;
using MarketLab.Cli.Ab;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using Microsoft.ML;
using Spectre.Console;

namespace MarketLab.Cli.AutoML;

/// <summary>
/// <c>marketlab automl</c>: loads a CSV with inferred column types, searches trainers and hyper-parameters under a
/// time budget (Ctrl+C stops and keeps finished trials), shows live progress and a leaderboard, and saves the
/// refitted best model. Input errors exit with code 2 and one line on stderr.
/// </summary>
internal static class AutoMLCommand
{
    private static readonly Option<string> Data = new("--data") { Description = "Training CSV (header row; column types inferred)." };
    private static readonly Option<string> Label = new("--label") { Description = "Label column." };
    private static readonly Option<string> Task = new("--task") { Description = "binary, multiclass or regression." };
    private static readonly Option<int> Time = new("--time") { Description = "Search budget in seconds.", DefaultValueFactory = _ => 60 };
    private static readonly Option<string> Tuner = new("--tuner") { Description = "cfo, smac, random or grid.", DefaultValueFactory = _ => "cfo" };
    private static readonly Option<int> Workers = new("--workers") { Description = "Trials in parallel.", DefaultValueFactory = _ => 2 };
    private static readonly Option<int?> MaxTrials = new("--max-trials") { Description = "Stop after this many trials." };
    private static readonly Option<int?> Folds = new("--folds")
    {
        Description = "Stratified k-fold CV (>= 2), or 0 for a 20% holdout. Default: 5-fold for data without free text under 20,000 rows, else the holdout (printed before the search).",
    };
    private static readonly Option<string> Store = new("--store") { Description = "SQLite run store; an existing store of the same run resumes it." };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of tuner, folds and trainers.", DefaultValueFactory = _ => 0 };
    private static readonly Option<double?> TrialTimeout = new("--trial-timeout") { Description = "Seconds one trial may run before it is recorded as timed out (default: adaptive, 5x the median trial within half the time left; a tenth of --time, at least 10, until a trial succeeds, and on a cluster)." };
    private static readonly Option<int?> MemoryCap = new("--memory-cap") { Description = "Fail a trial while the process's live managed heap exceeds this many MiB (sampled every 100 ms)." };
    private static readonly Option<bool> Deterministic = new("--deterministic") { Description = "CFO is told a configuration cost proxy instead of measured time, and results reach the tuner in proposal order: with --max-trials, runs repeat exactly for a seed and --workers (also on a cluster)." };
    private static readonly Option<int?> Ensemble = new("--ensemble") { Description = "Classification: build an ensemble from the K best trials and score it on the validation data (0 = off; default 8 for select, 3 for top)." };
    private static readonly Option<string> EnsembleMethod = new("--ensemble-method")
    {
        Description = "select: ensemble selection (Caruana et al. 2004) over the K best trials and the best of every other learner, weighted by picks; stack: a logistic regression on the same library's logits (stacked generalization; multiclass: a logarithmic opinion pool, one weight per member and an intercept per class); top: the K best trials averaged.",
        DefaultValueFactory = _ => "select",
    };
    private static readonly Option<string> Output = new("--output") { Description = "Directory for model.zip and model.json of the best trial." };
    private static readonly Option<string> ClusterConn = new("--cluster") { Description = "Run the trials on a MarketLab cluster (localhost:PORT or a PostgreSQL connection string; see marketlab worker). Needs --store; --workers = trials in flight across the cluster." };
    private static readonly Option<string[]> Columns = new("--column")
    {
        Description = "Set a column's kind instead of inferring it, NAME:KIND with KIND numeric, boolean, categorical, text, identifier (dropped) or date (expanded); repeatable.",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private static readonly Option<bool> ZeroShot = new("--zero-shot")
    {
        Description = "CFO: after each learner's cheap default, try the configuration measured best for it on the most similar benchmark dataset (zero-shot AutoML; docs/automl.md).",
    };
    private static readonly Option<string> TextFeatures = new("--text-features")
    {
        Description = "Free-text columns: ngrams (TF-IDF word and character n-grams, tuned; the default), embeddings (a frozen pretrained encoder's sentence embeddings instead) or both (the embedding beside the tuned n-grams; every text is embedded once, before the first trial, on the budget).",
        DefaultValueFactory = _ => "ngrams",
    };
    private static readonly Option<string> EmbeddingModel = new("--embedding-model") { Description = "The encoder for --text-features embeddings|both: a catalogued model (marketlab models list; installed on first use) or a model folder.", DefaultValueFactory = _ => Experiments.Models.PretrainedModels.AllMiniLmL6V2.Name };
    private static readonly Option<string> ValidationGroupsOption = new("--validation-groups")
    {
        Description = "Rows kept together in one validation fold: auto (a text column's repeated and nested rows stay with the longest text holding them when they are a tenth of the rows or more, as in phrase-level data like SST-2; the default), none (rows split freely), or a column name (equal values stay together, e.g. a customer id; the column is not a feature).",
        DefaultValueFactory = _ => ValidationGroups.Auto,
    };
    private static readonly Option<int> WorkerProcesses = new("--workers-processes") { Description = "Run the trials on N local worker processes (localhost clustering), the distributed path on one machine." };

    private static readonly Dictionary<string, AutoMLTask> Tasks = new()
    {
        ["binary"] = AutoMLTask.BinaryClassification, ["multiclass"] = AutoMLTask.MulticlassClassification, ["regression"] = AutoMLTask.Regression,
    };

    public static Command Create()
    {
        var command = new Command("automl", "Search ML.NET trainers and hyper-parameters for a CSV dataset.");
        foreach (Option option in new Option[] { Data, Label, Task, Time, Tuner, Workers, MaxTrials, Folds, Store, Seed, TrialTimeout, MemoryCap, Deterministic, Ensemble, EnsembleMethod, Output, ClusterConn, WorkerProcesses, Columns, ZeroShot, TextFeatures, EmbeddingModel, ValidationGroupsOption })
            command.Options.Add(option);
        command.Subcommands.Add(AutoMLPredictCommand.Create());
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                return await Execute(parseResult, parseResult.InvocationConfiguration.Output, cancellationToken);
            }
            catch (Exception e) when (e is CliInputException or CsvFormatException or AutoMLDataException or IOException or MarketLab.Cluster.ClusterConfigurationException
                                          or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                error.WriteLine($"marketlab automl: {e.Message}");
                return AbCommand.InputError;
            }
            catch (Exception e)
            {
                error.WriteLine($"marketlab automl: unexpected {e.GetType().Name}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> Execute(ParseResult parseResult, TextWriter output, CancellationToken cancellationToken)
    {
        var data = Required(parseResult, Data, "the training CSV");
        var label = Required(parseResult, Label, "the label column");
        var taskName = Required(parseResult, Task, "binary, multiclass or regression");
        if (!Tasks.TryGetValue(taskName, out var task))
            throw new CliInputException("--task", $"'{taskName}' is not a task; allowed: {string.Join(", ", Tasks.Keys)}");
        var tunerName = parseResult.GetValue(Tuner) ?? "cfo";
        if (!Enum.TryParse<TunerKind>(tunerName, ignoreCase: true, out var tuner) || !Enum.IsDefined(tuner) || int.TryParse(tunerName, out _))
            throw new CliInputException("--tuner", $"'{tunerName}' is not a tuner; allowed: cfo, smac, random, grid");
        var seconds = parseResult.GetValue(Time);
        if (seconds < 1) throw new CliInputException("--time", $"{seconds} must be >= 1 second");
        var workers = parseResult.GetValue(Workers);
        if (workers < 1) throw new CliInputException("--workers", $"{workers} must be >= 1");
        if (parseResult.GetValue(Folds) is (1 or < 0) and var folds)
            throw new CliInputException("--folds", $"{folds} is neither 0 (a 20% holdout) nor 2 or more cross-validation folds");
        var trialTimeout = parseResult.GetValue(TrialTimeout) is { } t
            ? t > 0 && double.IsFinite(t) ? TimeSpan.FromSeconds(t) : throw new CliInputException("--trial-timeout", $"{t} must be > 0 seconds")
            : (TimeSpan?)null;
        var method = parseResult.GetValue(EnsembleMethod);
        if (method is not ("select" or "stack" or "top")) throw new CliInputException("--ensemble-method", $"'{method}' is not one of select, stack, top");
        var k = parseResult.GetValue(Ensemble) ?? (method == "top" ? 3 : 8);
        if (k is < 0 or 1) throw new CliInputException("--ensemble", $"{k} must be 0 (off) or >= 2");
        var memoryCap = parseResult.GetValue(MemoryCap) is { } mib
            ? mib > 0 ? mib * 1048576L : throw new CliInputException("--memory-cap", $"{mib} must be > 0 MiB")
            : (long?)null;

        var textFeatures = parseResult.GetValue(TextFeatures);
        if (textFeatures is not ("ngrams" or "embeddings" or "both"))
            throw new CliInputException("--text-features", $"'{textFeatures}' is not one of ngrams, embeddings, both");
        var embeddingModel = parseResult.GetValue(EmbeddingModel)!;
        if (textFeatures == "ngrams" && parseResult.GetResult(EmbeddingModel) is { Implicit: false })
            throw new CliInputException("--embedding-model", "is only used with --text-features embeddings or both");
        if (textFeatures != "ngrams" && !Experiments.Models.PretrainedModels.IsNameOrFolder(embeddingModel))
            throw new CliInputException("--embedding-model", $"'{embeddingModel}' is neither a catalogued model ({Experiments.Models.PretrainedModels.Names}) nor a folder");

        IReadOnlyDictionary<string, Experiments.Data.Tabular.ColumnKind> overrides;
        try { overrides = Experiments.Data.Tabular.ColumnTyping.ParseOverrides(parseResult.GetValue(Columns)); }
        catch (ArgumentException e) { throw new CliInputException("--column", e.Message); }
        var cluster = parseResult.GetValue(ClusterConn);
        var processes = parseResult.GetValue(WorkerProcesses);
        if (overrides.Count > 0 && (cluster is not null || processes > 0))
            throw new CliInputException("--column", "is not passed to cluster workers yet (they infer the kinds themselves); leave it out with --cluster or --workers-processes");

        var ml = new MLContext(parseResult.GetValue(Seed));
        var csv = CsvDataLoader.LoadTyped(data, overrides, label);
        var (view, kinds) = (csv.Data, csv.Kinds);
        var groups = parseResult.GetValue(ValidationGroupsOption)!;
        if (string.IsNullOrWhiteSpace(groups)) throw new CliInputException("--validation-groups", "is empty; allowed: auto, none or a column name");
        var groupColumn = ValidationGroups.ColumnOf(groups);
        if (groupColumn is not null)
        {
            if (view.Schema.GetColumnOrNull(groupColumn) is null)
                throw new CliInputException("--validation-groups", $"'{groupColumn}' is neither auto, none nor a column of {data}; columns: {string.Join(", ", view.Schema.Select(c => c.Name))}");
            if (groupColumn == label) throw new CliInputException("--validation-groups", $"'{groupColumn}' is the label column; name a column such as a customer or session id");
        }

        var console = AutoMLConsole.For(output);
        var status = new AutoMLConsole.StatusSink(console.WriteLine);
        var options = new AutoMLExperimentOptions
        {
            // Lines outside the trials (the sentence embedding before the first trial): plain lines in logs, the progress
            // bar's description in a terminal (AutoMLConsole.RunWithProgress points the sink there).
            Log = status.Write,
            Task = task, LabelColumn = label, Tuner = tuner, TimeBudget = TimeSpan.FromSeconds(seconds), Workers = workers,
            TotalThreads = Environment.ProcessorCount, MaxTrials = parseResult.GetValue(MaxTrials), Folds = parseResult.GetValue(Folds),
            Seed = parseResult.GetValue(Seed), StorePath = parseResult.GetValue(Store), MaxMemoryBytes = memoryCap,
            // Without --trial-timeout: adaptive in this process; a cluster gets the fixed default (its trials carry no limit of their own).
            TrialTimeout = trialTimeout ?? (cluster is null && processes == 0 ? null : AutoMLExperimentOptions.DefaultTrialTimeout(TimeSpan.FromSeconds(seconds))),
            AdaptiveTrialTimeout = trialTimeout is null && cluster is null && processes == 0,
            DeterministicCost = parseResult.GetValue(Deterministic),
            ZeroShot = parseResult.GetValue(ZeroShot),
            TextEmbeddings = textFeatures == "ngrams" ? null : new Experiments.Models.MLNet.SentenceEmbeddingOptions { Model = embeddingModel },
            TextEmbeddingsWithNgrams = textFeatures == "both",
            ValidationGroups = groups,
        };
        if (options.ZeroShot && tuner != TunerKind.Cfo) throw new CliInputException("--zero-shot", $"starts CFO's search; --tuner is {tunerName}");
        AutoMLConsole.RenderColumns(console, csv.Columns, groupColumn);
        AutoMLConsole.RenderTextFeatures(console, csv.Columns, options);
        var experiment = ml.Auto().CreateExperiment(options);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = cluster is null && processes == 0
            ? await AutoMLConsole.RunWithProgress(console, experiment, view, kinds, cancellationToken, status)
            : null;
        if (result is not null && result.Trials.Count > 0)
            console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Search throughput: {result.Trials.Count} trials in {watch.Elapsed.TotalSeconds:0.00} s = {60 * result.Trials.Count / watch.Elapsed.TotalSeconds:0.0} trials/min; mean trial {result.Trials.Average(t => t.DurationSeconds):0.000} s"));
        if (result is null)
            (experiment, result) = await Cluster.ClusterAutoML.RunAsync(console, ml, options, data, view, kinds, cluster, processes, null, cancellationToken);
        // In a terminal the progress bar showed the validation and grouping lines only briefly; logs already have them.
        if (console.Profile.Capabilities.Interactive)
        {
            if (result.Validation.Length > 0) console.WriteLine(result.Validation);
            if (result.ValidationGrouping is { } grouping) console.WriteLine(grouping);
        }
        if (result.ZeroShotStarts.Count > 0)
        {
            console.WriteLine("Zero-shot starts (tried after each learner's cheap default; benchmark dataset nearest by meta-features):");
            foreach (var z in result.ZeroShotStarts)
                console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  {z.Learner}: from {z.Dataset} (distance {z.Distance:0.00})"));
        }
        AutoMLConsole.RenderLeaderboard(console, result);
        if (result.Best is null)
        {
            console.WriteLine("No trial succeeded; nothing to save.");
            return 1;
        }

        EnsembleCandidate? ensemble = null;
        if (k >= 2 && task != AutoMLTask.Regression && result.Leaderboard.Count >= 2
            && (method switch { "select" => experiment.TrySelectEnsemble(result, k), "stack" => experiment.TryStackEnsemble(result, k), _ => experiment.TryEnsemble(result, k) }) is { } candidate)
        {
            ensemble = candidate;
            string Members() => string.Join(", ", ensemble.Members.Select((m, i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m.Id} {m.Learner} x{ensemble.Weights[i]:0.00}")));
            var described = method switch
            {
                "select" => $"Selected ensemble (trials {Members()})",
                "stack" => ensemble.Stacker!.ClassIntercepts is null
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Stacked ensemble (logistic meta-learner, intercept {ensemble.Stacker.Intercept:0.00}; trials {Members()})")
                    : $"Stacked ensemble (logarithmic opinion pool over {ensemble.Stacker.ClassIntercepts.Count} classes; trials {Members()})",
                _ => $"Top-{ensemble.Members.Count} ensemble (trials {string.Join(", ", ensemble.Members.Select(m => m.Id))}, probabilities averaged)",
            };
            console.WriteLine(ensemble.BeatsBestTrial
                ? $"{described}: validation {result.Metric} {ensemble.Metric:0.0000} beats the best trial's {ensemble.BestTrialMetric:0.0000}; it is the final candidate."
                : $"{described}: validation {result.Metric} {ensemble.Metric:0.0000}, not better than the best trial's {ensemble.BestTrialMetric:0.0000}; the best trial stays the final candidate.");
            if (ensemble.Members.Count < 2) ensemble = null;
        }

        if (parseResult.GetValue(Output) is { Length: > 0 } directory)
        {
            console.WriteLine($"Saved the best pipeline (trial {result.Best.Id}, {result.Best.Learner}) to {experiment.SaveBest(result.Best, directory)}");
            if (ensemble is not null)
            {
                var folder = Path.Combine(directory, "ensemble");
                experiment.SaveEnsemble(ensemble, folder);
                console.WriteLine($"Saved the {ensemble.Members.Count}-member ensemble to {folder}; score with: marketlab automl predict --model {folder} --data FILE.csv --output scores.csv");
            }
        }
        return result.Cancelled ? 130 : 0;
    }

    private static string Required(ParseResult parseResult, Option<string> option, string what) =>
        parseResult.GetValue(option) is { Length: > 0 } value ? value : throw new CliInputException(option.Name, $"is required ({what})");
}
