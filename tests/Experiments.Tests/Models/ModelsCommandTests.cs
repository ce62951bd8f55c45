using System.Globalization;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Tests.Cli;
using MarketLab.Experiments.Tests.Models.Support;
using Xunit.Abstractions;

namespace MarketLab.Experiments.Tests.Models;

/// <summary><c>marketlab models list|get|embed</c>, with MARKETLAB_MODELS pointing at a temporary model cache.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModelsCommandTests(InstalledModelsFixture models, ITestOutputHelper output) : IClassFixture<InstalledModelsFixture>
{
    private static readonly string[] Texts =
    [
        "Great product, fast shipping.", "The card never arrived and support did not answer my emails for two weeks.",
        "meh", "How do I top up my account with a bank transfer from abroad?", "I love it",
        "A very, very, very slow-moving, aimless movie about a distressed, drifting young man.", "refund please",
        "Why was I charged twice for the same purchase yesterday evening?",
    ];

    [Fact]
    public void Embed_writes_one_line_per_input_matching_onnx_runtime_mean_pooling()
    {
        models.Get(PretrainedModels.AllMiniLmL6V2);
        using var cli = new CliRunner();
        string[] lines = Enumerable.Range(0, 40).Select(i => Texts[i % Texts.Length] + (i >= Texts.Length ? $" ({i})" : "")).ToArray();
        string input = cli.WriteFile("in.txt", string.Join('\n', lines) + "\n");

        var (exit, stdout, error) = WithModels(() => cli.Run("models", "embed", "all-minilm-l6-v2", "--input", input, "--out", cli.PathOf("out.tsv"), "--batch-size", "8", "--threads", "2"));

        Assert.True(exit == 0, error);
        Assert.Contains("embedded 40/40 lines", stdout);
        float[][] written = File.ReadAllLines(cli.PathOf("out.tsv")).Select(l => l.Split('\t').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(40, written.Length);
        Assert.All(written, v => Assert.Equal(384, v.Length));
        BertTextTokenizer tokenizer = BertTextTokenizer.FromVocab(Path.Combine(models.Get(PretrainedModels.AllMiniLmL6V2).Directory, "vocab.txt"), 256);
        using var reference = new OnnxReference(PretrainedModelStore.ReadResources(PretrainedModels.AllMiniLmL6V2).Onnx);
        float[][] expected = reference.MeanPooled(tokenizer.Pad(tokenizer.EncodeAll(lines)), 384);
        double worst = written.Zip(expected).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
        output.WriteLine($"max |embed - ONNX Runtime mean pooling| = {worst:E2}");
        Assert.True(worst <= 1e-4, $"max |difference| = {worst:E2}");
    }

    [Fact]
    public void Embed_with_cls_pooling_and_normalize_writes_unit_cls_vectors()
    {
        models.Get(PretrainedModels.SnowflakeArcticEmbedXs);
        using var cli = new CliRunner();
        string input = cli.WriteFile("in.txt", string.Join('\n', Texts) + "\n");

        var (exit, stdout, error) = WithModels(() => cli.Run("models", "embed", "snowflake-arctic-embed-xs", "--input", input, "--out", cli.PathOf("out.tsv"), "--pooling", "cls", "--normalize"));

        Assert.True(exit == 0, error);
        Assert.Contains("cls pooling, L2-normalised", stdout);
        float[][] written = File.ReadAllLines(cli.PathOf("out.tsv")).Select(l => l.Split('\t').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        BertTextTokenizer tokenizer = BertTextTokenizer.FromVocab(Path.Combine(models.Get(PretrainedModels.SnowflakeArcticEmbedXs).Directory, "vocab.txt"), 256);
        using var reference = new OnnxReference(PretrainedModelStore.ReadResources(PretrainedModels.SnowflakeArcticEmbedXs).Onnx);
        BertBatch batch = tokenizer.Pad(tokenizer.EncodeAll(Texts));
        float[] states = reference.LastHiddenState(batch);
        for (int row = 0; row < Texts.Length; row++)
        {
            float[] cls = states.AsSpan(row * batch.SequenceLength * 384, 384).ToArray();
            double norm = Math.Sqrt(cls.Sum(v => (double)v * v));
            Assert.Equal(1.0, Math.Sqrt(written[row].Sum(v => (double)v * v)), 5);
            double worst = written[row].Zip(cls).Max(p => Math.Abs(p.First - (p.Second / norm)));
            Assert.True(worst <= 1e-5, $"row {row}: max |difference| = {worst:E2}");
        }
    }

    [Fact]
    public void Embed_names_an_unknown_pooling()
    {
        using var cli = new CliRunner();
        string input = cli.WriteFile("in.txt", "first\n");

        var (exit, _, error) = WithModels(() => cli.Run("models", "embed", "all-minilm-l6-v2", "--input", input, "--out", cli.PathOf("out.tsv"), "--pooling", "max"));

        Assert.Equal(2, exit);
        Assert.Contains("--pooling: 'max' is not a pooling; use mean or cls", error);
    }

    [Fact]
    public void Embed_names_an_unknown_engine()
    {
        using var cli = new CliRunner();
        string input = cli.WriteFile("in.txt", "first\n");

        var (exit, _, error) = WithModels(() => cli.Run("models", "embed", "all-minilm-l6-v2", "--input", input, "--out", cli.PathOf("out.tsv"), "--engine", "tensorrt"));

        Assert.Equal(2, exit);
        Assert.Contains("--engine: 'tensorrt' is not an engine; use auto, onnx or torch", error);
    }

    [Fact]
    public void Embed_with_the_torch_engine_writes_what_the_onnx_engine_writes()
    {
        models.Get(PretrainedModels.AllMiniLmL6V2);
        using var cli = new CliRunner();
        string input = cli.WriteFile("in.txt", string.Join('\n', Texts) + "\n");

        var (onnxExit, onnxOut, onnxError) = WithModels(() => cli.Run("models", "embed", "all-minilm-l6-v2", "--input", input, "--out", cli.PathOf("onnx.tsv"), "--engine", "onnx"));
        var (torchExit, torchOut, torchError) = WithModels(() => cli.Run("models", "embed", "all-minilm-l6-v2", "--input", input, "--out", cli.PathOf("torch.tsv"), "--engine", "torch"));

        Assert.True(onnxExit == 0, onnxError);
        Assert.True(torchExit == 0, torchError);
        Assert.Contains("ONNX Runtime)", onnxOut);
        Assert.Contains("TorchSharp)", torchOut);
        float[][] Read(string file) => File.ReadAllLines(cli.PathOf(file)).Select(l => l.Split('\t').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        float[][] onnx = Read("onnx.tsv"), torch = Read("torch.tsv");
        Assert.Equal(Texts.Length, onnx.Length);
        double worst = onnx.Zip(torch).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
        output.WriteLine($"max |onnx - torch| = {worst:E2}");
        Assert.True(worst <= 1e-4, $"max |difference| = {worst:E2}");
    }

    [Fact]
    public void Embed_names_an_empty_input_line()
    {
        using var cli = new CliRunner();
        string input = cli.WriteFile("in.txt", "first\n\nthird\n");

        var (exit, _, error) = WithModels(() => cli.Run("models", "embed", "all-minilm-l6-v2", "--input", input, "--out", cli.PathOf("out.tsv")));

        Assert.Equal(2, exit);
        Assert.Contains("--input: ", error);
        Assert.Contains("line 2 is empty", error);
    }

    [Fact]
    public void Embed_of_a_model_that_is_not_installed_says_how_to_install_it()
    {
        using var cli = new CliRunner();
        string input = cli.WriteFile("in.txt", "first\n");
        string? before = Environment.GetEnvironmentVariable(ModelCache.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ModelCache.EnvironmentVariable, cli.PathOf("empty-cache"));
            var (exit, _, error) = cli.Run("models", "embed", "snowflake-arctic-embed-xs", "--input", input, "--out", cli.PathOf("out.tsv"));
            Assert.Equal(2, exit);
            Assert.Contains("run `marketlab models get snowflake-arctic-embed-xs`", error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelCache.EnvironmentVariable, before);
        }
    }

    [Fact]
    public void List_shows_the_catalog_and_the_cache()
    {
        using var cli = new CliRunner();
        var (exit, stdout, _) = WithModels(() => cli.Run("models", "list"));

        Assert.Equal(0, exit);
        Assert.Contains($"Model cache: {models.Root}", stdout);
        Assert.Contains("all-minilm-l6-v2\tsentence-transformers/all-MiniLM-L6-v2\tSentenceTransformers.MiniLM 24.9.52193\tApache-2.0", stdout);
        Assert.Contains("snowflake-arctic-embed-xs\tSnowflake/snowflake-arctic-embed-xs", stdout);
    }

    [Fact]
    public void Get_installs_into_the_cache_and_prints_the_folder()
    {
        using var cli = new CliRunner();
        var (exit, stdout, error) = WithModels(() => cli.Run("models", "get", "snowflake-arctic-embed-xs"));

        Assert.True(exit == 0, error);
        Assert.EndsWith(Path.Combine(models.Root, "snowflake-arctic-embed-xs") + Environment.NewLine, stdout);
    }

    [Fact]
    public void Get_of_an_unknown_model_lists_the_catalog()
    {
        using var cli = new CliRunner();
        var (exit, _, error) = cli.Run("models", "get", "bert-huge");

        Assert.Equal(2, exit);
        Assert.StartsWith("marketlab models get: Unknown pretrained model 'bert-huge'; known: all-minilm-l6-v2, snowflake-arctic-embed-xs.", error);
    }

    private T WithModels<T>(Func<T> run)
    {
        string? before = Environment.GetEnvironmentVariable(ModelCache.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ModelCache.EnvironmentVariable, models.Root);
            return run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelCache.EnvironmentVariable, before);
        }
    }
}
