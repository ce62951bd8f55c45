using MarketLab.Evaluation.Distributions;
using System.Diagnostics;
using System.Globalization;
using MarketLab.Evaluation.Classification;
using MarketLab.Experiments.Bert;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Pretraining;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Models;
using RankingMetrics = MarketLab.Evaluation.Classification.RankingMetrics;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// <c>kind: bert</c> (task <c>text_classification</c>): fine-tunes our TorchSharp BERT (src/Experiments/Bert) on the
/// training sentences and scores the held-out ones. The encoder starts from scratch, from a checkpoint folder, or from
/// a masked-LM pre-training step run here and cached by content hash (<see cref="MlmPretrainingCache"/>). Runs on one
/// intra-op thread by default: with the candidate's seed (initialisation, dropout, shuffling, masking) the same spec
/// gives the same metrics on a CPU. Metrics: accuracy with its 95% Wilson interval, macro-F1, log loss, binary AUC;
/// plus held-out predictions, cost and per-epoch learning curves for the report.
/// </summary>
internal sealed class BertCandidate(DatasetCatalog? catalog = null) : ICandidateRunner
{
    /// <summary>Chart names of the learning curves (the report's BERT section draws these).</summary>
    public const string LossChart = "BERT learning curve: training loss";

    public const string AccuracyChart = "BERT learning curve: validation accuracy";

    /// <summary>The command that makes a checkpoint, quoted in the error for a missing one.</summary>
    public const string PretrainCommand = "marketlab bert pretrain --corpus text/sst2/train.tsv --size tiny --steps 2000 --out";

    private readonly DatasetCatalog _catalog = catalog ?? DatasetCatalog.Default;

    public string Kind => "bert";

    public IReadOnlyCollection<ExperimentTask> Tasks { get; } = [ExperimentTask.TextClassification];

    public IReadOnlyCollection<string> Parameters => BertCandidateSettings.Names;

    public IEnumerable<(string Parameter, string Message)> CheckParameters(IReadOnlyDictionary<string, string> parameters) =>
        BertCandidateSettings.Parse(parameters).Errors;

    public async Task<CandidateOutcome> RunAsync(CandidateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string name = context.Candidate.Name;
        var (settings, errors) = BertCandidateSettings.Parse(context.Candidate.Parameters);
        if (settings is null) throw new ArgumentException($"Candidate '{name}': parameter {errors[0].Parameter}: {errors[0].Message}.");
        var split = context.Data.Text ?? throw new InvalidOperationException("kind bert needs text-classification data (task: text_classification).");
        var labels = new LabelSet(split.Classes);
        var device = TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Auto, settings.Threads));
        string artifactsRoot = Path.GetDirectoryName(Path.GetFullPath(context.ArtifactsDirectory))!;
        var outcome = new CandidateOutcome { PrimaryMetric = "accuracy" };

        // The encoder's start: the checkpoint folder (given or pre-trained here) and its vocabulary, or none (scratch).
        string? from = null;
        if (settings.Init == BertInit.Checkpoint)
        {
            from = ResolveCheckpoint(settings.Checkpoint!, artifactsRoot, name);
            outcome.Notes.Add($"Encoder from checkpoint {settings.Checkpoint}.");
        }
        else if (settings.Init == BertInit.Model)
        {
            InstalledModel installed = PretrainedModelStore.Get(PretrainedModels.Find(settings.Model!), cancellationToken: cancellationToken);
            from = installed.Directory;
            outcome.Notes.Add($"Encoder from the pretrained model {installed.Info.Name} ({installed.Info.Source}; {installed.Info.License}), installed at {installed.Directory}.");
        }
        else if (settings.Init == BertInit.Pretrain)
        {
            var sentences = MlmPretrainingCache.ReadCorpus(settings.Corpus, _catalog, context.Data.Dataset, name);
            var options = new BertPretrainingOptions
            {
                Config = BertConfig.For(settings.Size), Steps = settings.PretrainSteps, BatchSize = settings.PretrainBatchSize,
                LearningRate = settings.PretrainLearningRate, WholeWordMasking = settings.WholeWordMasking, MaxLength = settings.MaxLength, Seed = settings.PretrainSeed,
                Objective = settings.Objective,
            };
            var (folder, reused, seconds) = await MlmPretrainingCache.GetOrCreateAsync(
                sentences, BertTextTokenizer.FromSharedVocab(settings.MaxLength), options, Path.Combine(artifactsRoot, "pretrained"), device, cancellationToken,
                context.Progress is { } sink ? new SynchronousProgress<BertPretrainingProgress>(p => sink.Report(new CandidateProgress(
                    string.Create(CultureInfo.InvariantCulture, $"{(settings.Objective == PretrainingObjective.Electra ? "ELECTRA" : "MLM")} pre-training step {p.Step}/{p.Steps}, loss {p.MeanLoss:F3}, {p.SamplesPerSecond:F0} samples/s"),
                    (double)p.Step / p.Steps))) : null).ConfigureAwait(false);
            from = folder;
            outcome.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{(settings.Objective == PretrainingObjective.Electra ? "ELECTRA (replaced-token detection)" : "Masked-LM")} pre-training on {sentences.Count:N0} sentences ({string.Join(", ", settings.Corpus)}), {settings.PretrainSteps} steps of {settings.PretrainBatchSize}, lr {settings.PretrainLearningRate:G3}{(settings.WholeWordMasking ? ", whole-word masking" : "")}, seed {settings.PretrainSeed}: {(reused ? "reused cached" : $"made in {seconds:F0} s,")} {Path.GetRelativePath(artifactsRoot, folder)}."));
        }

        // A pre-trained start (given or made above) brings its own vocabulary and tokenizer settings.
        BertStart start = from is not null ? BertStart.FromCheckpoint(from) : BertStart.Scratch(BertConfig.For(settings.Size));
        var training = new BertTrainingOptions
        {
            Epochs = settings.Epochs, BatchSize = settings.BatchSize, LearningRate = settings.LearningRate, MaxLength = settings.MaxLength,
            ValidationFraction = settings.Validation, Seed = context.Seed, FreezeWordEmbeddings = settings.FreezeEmbeddings,
            Pooling = settings.Pooling,
        };
        var train = Rows(split.Train);
        var clock = Stopwatch.StartNew();
        IProgress<BertTrainingProgress>? fineTuning = context.Progress is { } report
            ? new SynchronousProgress<BertTrainingProgress>(p => report.Report(new CandidateProgress(
                string.Create(CultureInfo.InvariantCulture, $"fine-tuning epoch {p.Epoch}/{p.Epochs}, step {p.Step}/{p.TotalSteps}, loss {p.Loss:F3}"),
                (double)p.Step / Math.Max(1, p.TotalSteps))))
            : null;
        using BertFitResult fit = await BertFineTuning.FitAsync(start, labels, train, training, device, fineTuning, cancellationToken).ConfigureAwait(false);
        BertForSequenceClassification model = fit.Model;
        BertTextTokenizer tokenizer = fit.Tokenizer;
        BertTrainingResult result = fit.Training;
        double trainSeconds = clock.Elapsed.TotalSeconds;

        (IReadOnlyList<TokenizedText> inputs, int[] truth) = BertClassifierEvaluator.Encode(tokenizer, labels, Rows(split.Test));
        clock.Restart();
        float[][] probabilities = BertClassifierEvaluator.PredictProbabilities(model, tokenizer, inputs);
        double inferenceSeconds = clock.Elapsed.TotalSeconds;
        int[] predicted = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray();

        string modelFolder = Path.Combine(context.ArtifactsDirectory, "bert-" + Safe(name));
        Directory.CreateDirectory(modelFolder);
        string weights = Path.Combine(modelFolder, BertCheckpoint.WeightsFile);
        SafetensorsTorch.Save(model, weights);
        BertConfigJson.Write(model.Config, Path.Combine(modelFolder, BertCheckpoint.ConfigFile), architecture: nameof(BertForSequenceClassification));
        tokenizer.SaveTo(modelFolder);
        outcome.Artifacts.Add(Path.GetRelativePath(context.ArtifactsDirectory, modelFolder));

        outcome = Fill(outcome, labels, truth, predicted, probabilities, split.Train.Count);
        outcome.Metrics["epochs"] = result.EpochsCompleted;
        outcome.Metrics["final_train_loss"] = result.EpochLosses[^1];
        var epochs = Enumerable.Range(1, result.EpochLosses.Count).Select(e => (double)e).ToList();
        outcome.Curves.Add(new CurveSeries(LossChart, name, "epoch", "mean training loss", epochs, result.EpochLosses.ToList()));
        if (result.ValidationAccuracies.Count > 0)
            outcome.Curves.Add(new CurveSeries(AccuracyChart, name, "epoch", $"validation accuracy ({settings.Validation:P0} of the training rows)", epochs, result.ValidationAccuracies.ToList()));
        outcome = outcome with { Cost = new CandidateCost(trainSeconds, inputs.Count / Math.Max(1e-9, inferenceSeconds), new FileInfo(weights).Length) };
        outcome.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"BERT {settings.Size.ToString().ToLowerInvariant()} ({model.Config.NumHiddenLayers} x {model.Config.HiddenSize}), {settings.Init.ToString().ToLowerInvariant()} start{(settings.FreezeEmbeddings ? " (word embeddings frozen)" : "")}, {result.EpochsCompleted} epochs of batch {settings.BatchSize}, lr {settings.LearningRate:G3}, max length {settings.MaxLength}, {settings.Threads} thread(s), seed {context.Seed}; {result.SamplesPerSecond:F0} training samples/s."));
        return outcome;
    }

    /// <summary>Adds held-out metrics to <paramref name="outcome"/> and returns it with the predictions; binary metrics take the last class (ordinal order) as positive.</summary>
    internal static CandidateOutcome Fill(CandidateOutcome outcome, LabelSet labels, int[] truth, int[] predicted, float[][] probabilities, int trainRows)
    {
        var predictions = new ClassificationPredictions(labels.Labels.ToList(), truth.ToList(), predicted.ToList(), probabilities.Select(r => r.Select(v => (double)v).ToArray()).ToList());
        var m = outcome.Metrics;
        int n = truth.Length, correct = Enumerable.Range(0, n).Count(i => truth[i] == predicted[i]);
        var (low, high) = BinomialInterval.WilsonCounts(correct, n);
        m["train_rows"] = trainRows;
        m["test_rows"] = n;
        m["classes"] = labels.Count;
        m["accuracy"] = (double)correct / n;
        m["accuracy_lower"] = low;
        m["accuracy_upper"] = high;
        m["macro_f1"] = ClassificationScores.MacroF1(predictions);
        if (labels.Count == 2)
        {
            double[] y = truth.Select(t => (double)t).ToArray();
            double[] p = probabilities.Select(r => (double)r[1]).ToArray();
            m["auc"] = RankingMetrics.RocAuc(y, p);
            m["log_loss"] = ProbabilityMetrics.LogLoss(y, p);
            m["test_positive_share"] = y.Average();
        }
        else
        {
            // Multiclass cross-entropy with sklearn's clipping of probabilities to [1e-15, 1 - 1e-15].
            m["log_loss"] = -Enumerable.Range(0, n).Average(i => Math.Log(Math.Clamp(probabilities[i][truth[i]], 1e-15, 1 - 1e-15)));
        }

        return outcome with { Predictions = predictions };
    }

    private static List<LabeledText> Rows(TextExamples rows) => Enumerable.Range(0, rows.Count).Select(i => new LabeledText(rows.Texts[i], rows.Labels[i])).ToList();

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    /// <summary>A checkpoint folder given relative to the repository root or the artifacts folder (or absolute); the error names the parameter and the command that makes one.</summary>
    private static string ResolveCheckpoint(string given, string artifactsRoot, string candidate)
    {
        var places = Path.IsPathRooted(given) ? [given]
            : new[] { SharedDatasets.RepositoryRoot() is { } root ? Path.Combine(root, given) : null, Path.Combine(artifactsRoot, given) }.OfType<string>().ToArray();
        foreach (string place in places)
            if (File.Exists(Path.Combine(place, BertCheckpoint.ConfigFile)) && HuggingFaceWeights.Find(place) is not null) return Path.GetFullPath(place);
        throw new FileNotFoundException(
            $"Candidate '{candidate}': parameter checkpoint: no BERT checkpoint (config.json, vocab.txt or tokenizer.json, and model.safetensors, model.safetensors.index.json or pytorch_model.bin) at {string.Join(" or ", places.Select(Path.GetFullPath))}. Create it with `{PretrainCommand} {given}` (run from the repository root), or use init: pretrain to pre-train inside the run.");
    }
}
