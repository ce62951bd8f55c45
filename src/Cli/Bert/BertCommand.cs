using MarketLab.Evaluation.Distributions;
using System.CommandLine;
using MarketLab.Cli.Ab;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Pretraining;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Models;

namespace MarketLab.Cli.Bert;

/// <summary>
/// <c>marketlab bert pretrain|train|bench|tokenize|export|predict</c>: masked-LM pre-training and fine-tuning of our TorchSharp BERT (tokenize, export, predict: their own command classes), with a progress
/// line per step and (train) a test accuracy with a 95% Wilson interval. Input errors exit 2 with one line on stderr.
/// </summary>
internal static class BertCommand
{
    private static readonly Option<string> Corpus = new("--corpus") { Description = "Text file, one sentence per line, or a shared dataset path (e.g. text/sst2/train.tsv: column 'sentence')." };
    private static readonly Option<string> Data = new("--data") { Description = "Tab-separated file or shared dataset path (e.g. text/uci_sentiment_labelled/yelp_labelled.txt)." };
    private static readonly Option<string> Label = new("--label") { Description = "Label column: header name, or 0-based index for files without a header.", DefaultValueFactory = _ => "1" };
    private static readonly Option<string> Text = new("--text") { Description = "Text column: header name, or 0-based index.", DefaultValueFactory = _ => "0" };
    private static readonly Option<string> Size = new("--size") { Description = "tiny, mini, small, medium or base.", DefaultValueFactory = _ => "tiny" };
    private static readonly Option<string> Objective = new("--objective") { Description = PretrainingObjectives.Names + ".", DefaultValueFactory = _ => "mlm" };
    private static readonly Option<bool> WholeWord = new("--whole-word") { Description = "Whole-word masking: a word's WordPiece continuations (##...) are masked with its first piece." };
    private static readonly Option<double> MaskProbability = new("--mask-probability") { Description = "Share of tokens selected for masking (80% [MASK], 10% random, 10% kept).", DefaultValueFactory = _ => 0.15 };
    private static readonly Option<int> Steps = new("--steps") { Description = "Pre-training steps.", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Fine-tuning epochs.", DefaultValueFactory = _ => 3 };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Rows per batch.", DefaultValueFactory = _ => 32 };
    private static readonly Option<double?> LearningRate = new("--lr") { Description = "Peak learning rate (default 5e-4 pre-training, 1e-4 fine-tuning)." };
    private static readonly Option<string> From = new("--from") { Description = "Checkpoint folder whose encoder starts fine-tuning: a pretrain --out, or a Hugging Face BERT folder (config.json, vocab.txt or tokenizer.json, model.safetensors, sharded safetensors or pytorch_model.bin)." };
    private static readonly Option<string> Pooling = new("--pooling") { Description = "What the classifier head reads: cls ([CLS] through the pooler) or mean (attention-masked mean of the token vectors, as sentence encoders were trained). Saved in config.json.", DefaultValueFactory = _ => "cls" };
    private static readonly Option<string> Model = new("--model") { Description = "A pretrained encoder from `marketlab models list` (e.g. all-minilm-l6-v2) to start fine-tuning from; installed when missing." };
    private static readonly Option<string> Out = new("--out") { Description = "Output folder (checkpoint)." };
    private static readonly Option<string> ContinueFrom = new("--from") { Description = "Checkpoint folder to continue pre-training from (its size and vocab.txt; domain-adaptive pre-training). Heads it lacks start fresh." };
    private static readonly Option<string> Vocab = new("--vocab") { Description = "vocab.txt (default: ../shared/models/bert-base-uncased-vocab/vocab.txt or the --from checkpoint's)." };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed for initialisation, masking and shuffling.", DefaultValueFactory = _ => 42 };
    private static readonly Option<int> Threads = new("--threads") { Description = "Intra-op threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<int> MaxLength = new("--max-length") { Description = "Longest input in tokens.", DefaultValueFactory = _ => 128 };
    private static readonly Option<int> Warmup = new("--warmup") { Description = "Untimed warm-up iterations.", DefaultValueFactory = _ => 3 };
    private static readonly Option<int> Iterations = new("--iterations") { Description = "Timed iterations (the median is reported).", DefaultValueFactory = _ => 10 };
    private static readonly Option<string> Json = new("--json") { Description = "Write the measurements as JSON to this file." };

    public static Command Create()
    {
        var bert = new Command("bert", "Pre-train and fine-tune MarketLab's TorchSharp BERT.");
        var pretrain = new Command("pretrain", "Masked-LM or ELECTRA pre-training, from scratch or continued from a checkpoint (--from); writes config.json, vocab.txt, model.safetensors.");
        foreach (Option o in new Option[] { Corpus, Size, ContinueFrom, Steps, BatchSize, LearningRate, Objective, WholeWord, MaskProbability, Out, Vocab, Seed, Threads, MaxLength }) pretrain.Options.Add(o);
        pretrain.SetAction((parse, ct) => Guard(parse, "pretrain", () => PretrainAsync(parse, ct)));
        var train = new Command("train", "Fine-tune a classifier; reports test accuracy with a 95% Wilson interval.");
        foreach (Option o in new Option[] { Data, Label, Text, Size, Epochs, BatchSize, LearningRate, From, Model, Pooling, Out, Vocab, Seed, Threads, MaxLength }) train.Options.Add(o);
        train.SetAction((parse, ct) => Guard(parse, "train", () => TrainAsync(parse, ct)));
        var bench = new Command("bench", "Training and inference speed on random tokens (batch x --max-length), the matmul rate and peak memory; --size also takes minilm (all-minilm-l6-v2's architecture); bench/bert/run.sh compares it with PyTorch.");
        foreach (Option o in new Option[] { Size, BatchSize, MaxLength, Threads, Warmup, Iterations, Seed, Json }) bench.Options.Add(o);
        bench.SetAction((parse, ct) => Guard(parse, "bench", () => Task.FromResult(Bench(parse))));
        bert.Subcommands.Add(pretrain);
        bert.Subcommands.Add(train);
        bert.Subcommands.Add(bench);
        bert.Subcommands.Add(BertTokenizeCommand.Create());
        bert.Subcommands.Add(BertExportCommand.Create());
        bert.Subcommands.Add(BertPredictCommand.Create());
        return bert;
    }

    internal static async Task<int> Guard(ParseResult parse, string verb, Func<Task<int>> run)
    {
        TextWriter error = parse.InvocationConfiguration.Error;
        try
        {
            return await run();
        }
        catch (Exception e) when (e is CliInputException or IOException or ArgumentException or InvalidDataException or NonFiniteLossException or CheckpointMismatchException)
        {
            error.WriteLine($"marketlab bert {verb}: {e.Message}");
            return AbCommand.InputError;
        }
        catch (OperationCanceledException e)
        {
            // Ctrl+C (System.CommandLine cancels the token): exit 130 like a shell does for SIGINT.
            error.WriteLine($"marketlab bert {verb}: cancelled{(e.Message.StartsWith("stopped;", StringComparison.Ordinal) ? "; " + e.Message : ".")}");
            return 130;
        }
    }

    private static async Task<T> ResumableAsync<T>(string outDir, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (OperationCanceledException) when (BertPretrainer.CanResume(outDir))
        {
            throw new OperationCanceledException($"stopped; the checkpoint in {outDir} is resumable: run the same command again to continue.");
        }
    }

    internal static BertConfig ParseSize(string size) =>
        Enum.TryParse(size, ignoreCase: true, out BertSize parsed) && !int.TryParse(size, out _)
            ? BertConfig.For(parsed)
            : throw new CliInputException("--size", $"'{size}' is not a size; use one of {string.Join(", ", Enum.GetNames<BertSize>().Select(n => n.ToLowerInvariant()))}");

    private static string Required(ParseResult parse, Option<string> option, string what) =>
        parse.GetValue(option) is { Length: > 0 } value ? value : throw new CliInputException(option.Name, $"is required ({what})");

    private static void Positive(int value, string option)
    {
        if (value < 1) throw new CliInputException(option, $"must be at least 1; got {value}");
    }

    /// <summary>A file path as given, else a shared dataset path.</summary>
    private static string ResolveFile(string value) => File.Exists(value) ? value : SharedDatasets.Resolve(value);

    private static async Task<int> PretrainAsync(ParseResult parse, CancellationToken ct)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        string corpusArg = Required(parse, Corpus, "a sentence-per-line file or a dataset such as text/sst2/train.tsv");
        string outDir = Required(parse, Out, "the checkpoint folder to write");
        BertConfig config = ParseSize(parse.GetValue(Size)!);
        string? from = parse.GetValue(ContinueFrom);
        if (from is not null)
        {
            if (parse.GetResult(Size) is { Implicit: false }) throw new CliInputException("--size", "cannot be combined with --from: the checkpoint's config.json sets the size");
            if (!File.Exists(Path.Combine(from, BertCheckpoint.ConfigFile))) throw new CliInputException("--from", $"{from} is not a checkpoint folder (no {BertCheckpoint.ConfigFile})");
            if (Path.GetFullPath(from) == Path.GetFullPath(outDir)) throw new CliInputException("--out", "must differ from --from: the checkpoint being continued is read, never overwritten");
        }

        Positive(parse.GetValue(Steps), "--steps");
        Positive(parse.GetValue(BatchSize), "--batch-size");
        double maskProbability = parse.GetValue(MaskProbability);
        if (!(maskProbability is > 0 and < 1)) throw new CliInputException("--mask-probability", $"{maskProbability} is not in (0, 1); BERT uses 0.15");
        PretrainingObjective objective = PretrainingObjectives.Parse(parse.GetValue(Objective)!)
            ?? throw new CliInputException("--objective", $"'{parse.GetValue(Objective)}' is not an objective; use {PretrainingObjectives.Names}");
        string path = ResolveFile(corpusArg);
        IReadOnlyList<string> sentences = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)
            ? MlmCorpus.ReadTsvColumn(path, "sentence", hasHeader: true)
            : MlmCorpus.ReadLines(path);
        var tokenizer = BertTextTokenizer.ForStart(parse.GetValue(Vocab), from, parse.GetValue(MaxLength));
        var device = TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Auto, parse.GetValue(Threads)), output.WriteLine);
        var options = new BertPretrainingOptions
        {
            Config = config, InitialCheckpoint = from, Steps = parse.GetValue(Steps), BatchSize = parse.GetValue(BatchSize), LearningRate = parse.GetValue(LearningRate) ?? 5e-4,
            Seed = parse.GetValue(Seed), MaxLength = parse.GetValue(MaxLength), Resume = BertPretrainer.CanResume(outDir),
            WholeWordMasking = parse.GetValue(WholeWord), MaskProbability = maskProbability, Objective = objective,
        };
        output.WriteLine($"Pre-training {(from is null ? parse.GetValue(Size) : $"from {from}")} ({(objective == PretrainingObjective.Electra ? "ELECTRA" : "masked LM")}) on {sentences.Count:N0} sentences for {options.Steps} steps ({(options.MaskProbability * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% {(options.WholeWordMasking ? "whole-word" : "token")} masking).");
        if (options.Resume) output.WriteLine($"Resuming the stopped run in {outDir}.");
        var history = await BertConsole.RunWithProgress<BertPretrainingProgress, IReadOnlyList<BertPretrainingProgress>>(output,
            p => $"step {p.Step}/{p.Steps} loss {p.Loss:F3} (mean {p.MeanLoss:F3}) lr {p.LearningRate:G3} {p.SamplesPerSecond:F0} samples/s",
            p => (p.Step, p.Steps),
            progress => ResumableAsync(outDir, () => new BertPretrainer(options).PretrainAsync(sentences, tokenizer, outDir, device, progress, ct)));
        BertPretrainer.WriteHistory(history, Path.Combine(outDir, BertPretrainer.HistoryFile));
        output.WriteLine($"Final {(objective == PretrainingObjective.Electra ? $"ELECTRA (generator + {options.DiscriminatorWeight:G} x discriminator)" : "MLM")} loss {history[^1].MeanLoss:F3} (mean of all steps); checkpoint and {BertPretrainer.HistoryFile} written to {outDir}.");
        return 0;
    }

    private static async Task<int> TrainAsync(ParseResult parse, CancellationToken ct)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        string dataArg = Required(parse, Data, "a tab-separated file or a dataset such as text/uci_sentiment_labelled/yelp_labelled.txt");
        BertConfig config = ParseSize(parse.GetValue(Size)!);
        Positive(parse.GetValue(Epochs), "--epochs");
        Positive(parse.GetValue(BatchSize), "--batch-size");
        ClassifierPooling pooling = parse.GetValue(Pooling) switch
        {
            "cls" => ClassifierPooling.Cls,
            "mean" => ClassifierPooling.Mean,
            var other => throw new CliInputException("--pooling", $"'{other}' is not a pooling; use cls or mean"),
        };
        IReadOnlyList<LabeledText> rows = TsvLabeledText.Read(ResolveFile(dataArg), parse.GetValue(Text)!, parse.GetValue(Label)!);
        string? from = parse.GetValue(From);
        if (parse.GetValue(Model) is { Length: > 0 } modelName)
        {
            if (from is not null) throw new CliInputException("--model", "cannot be combined with --from: give one start");
            if (parse.GetResult(Size) is { Implicit: false }) throw new CliInputException("--size", "cannot be combined with --model: the pretrained model sets the size");
            PretrainedModelInfo info = PretrainedModels.All.FirstOrDefault(m => m.Name == modelName)
                ?? throw new CliInputException("--model", $"'{modelName}' is not a catalogued model; use one of {string.Join(", ", PretrainedModels.All.Select(m => m.Name))}{(Directory.Exists(modelName) ? $" (for the folder {modelName}, e.g. one from the Hugging Face hub, use --from {modelName})" : "")}");
            from = PretrainedModelStore.Get(info, log: output, cancellationToken: ct).Directory;
            output.WriteLine($"Starting from {info.Name} ({info.Source}), {from}.");
        }

        int seed = parse.GetValue(Seed);

        // 80% train (of which the trainer holds out 10% for validation), 20% test; seeded.
        (IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> test) = BertClassifierTrainer.Split(rows, 0.2, seed);
        var labels = LabelSet.FromTraining(train);
        var device = TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Auto, parse.GetValue(Threads)), output.WriteLine);
        BertStart start = from is not null ? BertStart.FromCheckpoint(from, parse.GetValue(Vocab)) : BertStart.Scratch(config, parse.GetValue(Vocab));
        var options = new BertTrainingOptions
        {
            Epochs = parse.GetValue(Epochs), BatchSize = parse.GetValue(BatchSize), LearningRate = parse.GetValue(LearningRate) ?? 1e-4,
            Seed = seed, MaxLength = parse.GetValue(MaxLength), CheckpointDirectory = parse.GetValue(Out), Pooling = pooling,
            // Running again with the same --out continues where a stopped (Ctrl+C) or finished run left off.
            Resume = parse.GetValue(Out) is { } outDir && TrainingCheckpoint.Exists(outDir),
        };
        output.WriteLine($"Fine-tuning on {train.Count:N0} rows ({labels.Count} labels: {string.Join(", ", labels.Labels)}), testing on {test.Count:N0}.");
        if (options.Resume) output.WriteLine($"Resuming from the checkpoint in {options.CheckpointDirectory}.");
        BertFitResult fit;
        try
        {
            fit = await BertConsole.RunWithProgress<BertTrainingProgress, BertFitResult>(output,
                p => p.Validation is { } v
                    ? $"epoch {p.Epoch}/{p.Epochs}: train loss {p.Loss:F4}, validation accuracy {v.Accuracy:P1} (n = {v.Total})"
                    : $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} lr {p.LearningRate:G3} {p.SamplesPerSecond:F0} samples/s",
                p => p.Validation is null ? (p.Step, p.TotalSteps) : null,
                progress => BertFineTuning.FitAsync(start, labels, train, options, device, progress, ct));
        }
        catch (OperationCanceledException) when (options.CheckpointDirectory is { } saved)
        {
            throw new OperationCanceledException($"stopped; the checkpoint in {saved} is resumable: run the same command again to continue.");
        }

        using BertFitResult fitted = fit;
        ClassificationCounts counts = BertClassifierEvaluator.Evaluate(fit.Model, fit.Tokenizer, labels, test);
        (double low, double high) = BinomialInterval.WilsonCounts(counts.Correct, counts.Total);
        output.WriteLine($"Test accuracy {counts.Accuracy:P1} (95% Wilson CI {low:P1} to {high:P1}; {counts.Correct}/{counts.Total}), macro-F1 {counts.MacroF1():F3}.");
        return 0;
    }

    private static int Bench(ParseResult parse)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        string size = parse.GetValue(Size)!;
        // "minilm": the catalogued all-minilm-l6-v2 architecture (random weights; speed does not depend on them), so
        // bench/bert/run.sh can set it against the same model in PyTorch (torch_peer.py's "minilm").
        BertConfig config = (string.Equals(size, "minilm", StringComparison.OrdinalIgnoreCase) ? PretrainedModels.Find("all-minilm-l6-v2").Config : ParseSize(size))
            with { VocabSize = 30522, NumLabels = 2 };
        foreach ((int value, string name) in new[] { (parse.GetValue(BatchSize), "--batch-size"), (parse.GetValue(MaxLength), "--max-length"), (parse.GetValue(Iterations), "--iterations"), (parse.GetValue(Threads), "--threads") })
            Positive(value, name);
        if (parse.GetValue(MaxLength) > config.MaxPositionEmbeddings) throw new CliInputException("--max-length", $"must be at most {config.MaxPositionEmbeddings} (position embeddings); got {parse.GetValue(MaxLength)}");
        if (parse.GetValue(Warmup) < 0) throw new CliInputException("--warmup", $"must be at least 0; got {parse.GetValue(Warmup)}");
        var device = TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Auto, parse.GetValue(Threads)), output.WriteLine);
        var settings = new BertBenchmark.Settings(config, size.ToLowerInvariant(), parse.GetValue(BatchSize), parse.GetValue(MaxLength), parse.GetValue(Warmup), parse.GetValue(Iterations), parse.GetValue(Seed));
        Dictionary<string, object> result = BertBenchmark.Run(settings, device, output.WriteLine);
        string json = BertBenchmark.ToJson(result);
        if (parse.GetValue(Json) is { Length: > 0 } path) File.WriteAllText(path, json + Environment.NewLine);
        output.WriteLine(json);
        return 0;
    }

}
