using System.Globalization;
using MarketLab.Experiments.Bert.Export;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Tests.Bert.Export;
using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Cli;

/// <summary>
/// <c>marketlab bert export</c> and <c>bert predict</c> on a small random classifier saved as a checkpoint folder: the
/// folder (TorchSharp) and its export (ONNX Runtime through ML.NET) give the same labels and probabilities within 1e-4,
/// and the probabilities equal the softmax of the model's own logits; bad input is named on stderr with exit 2.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class BertPredictCommandTests
{
    private static readonly string[] Texts = ["great product , fast shipping", "bad", "the order was slow and the refund never came", "five stars"];

    private static string SaveCheckpoint(CliRunner cli, out float[] logits)
    {
        using BertForSequenceClassification model = ExportedClassifier.Random(labels: 3, seed: 21);
        string folder = cli.PathOf("checkpoint");
        TrainingCheckpoint.SaveModel(model, TinyBert.Tokenizer(), new LabelSet(["neg", "neutral", "pos"]), folder);
        var tokenizer = TinyBert.Tokenizer();
        logits = ExportedClassifier.TorchLogits(model, tokenizer.Pad(tokenizer.EncodeAll(Texts)));
        return folder;
    }

    [LinuxFact]
    public void Folder_and_exported_onnx_give_the_same_labels_and_probabilities()
    {
        using var cli = new CliRunner();
        string folder = SaveCheckpoint(cli, out float[] logits);
        string input = cli.WriteFile("in.tsv", "id\treview\n" + string.Join("\n", Texts.Select((t, i) => $"{i}\t{t}")) + "\n");

        var (exit, stdout, error) = cli.Run("bert", "export", "--model", folder, "--out", cli.PathOf("model.onnx"), "--max-length", "32");
        Assert.True(exit == 0, error);
        Assert.Contains("3 labels: neg, neutral, pos; max length 32", stdout);

        (exit, stdout, error) = cli.Run("bert", "predict", "--model", folder, "--input", input, "--text", "review", "--out", cli.PathOf("torch.tsv"));
        Assert.True(exit == 0, error);
        Assert.Contains("Scored 4 texts with TorchSharp", stdout);
        (exit, stdout, error) = cli.Run("bert", "predict", "--model", cli.PathOf("model.onnx"), "--input", input, "--text", "review", "--out", cli.PathOf("onnx.tsv"));
        Assert.True(exit == 0, error);
        Assert.Contains("Scored 4 texts with ONNX Runtime via ML.NET ApplyOnnxModel", stdout);

        string[][] torch = File.ReadAllLines(cli.PathOf("torch.tsv")).Select(l => l.Split('\t')).ToArray();
        string[][] onnx = File.ReadAllLines(cli.PathOf("onnx.tsv")).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(["text", "label", "p_neg", "p_neutral", "p_pos"], torch[0]);
        Assert.Equal(torch[0], onnx[0]);
        Assert.Equal(Texts.Length + 1, torch.Length);
        for (int row = 0; row < Texts.Length; row++)
        {
            Assert.Equal(Texts[row], torch[row + 1][0]);
            Assert.Equal(torch[row + 1][1], onnx[row + 1][1]);
            double[] z = logits[(row * 3)..((row + 1) * 3)].Select(v => (double)v).ToArray();
            double[] softmax = z.Select(v => Math.Exp(v - z.Max())).Select((e, _) => e).ToArray();
            double total = softmax.Sum();
            for (int c = 0; c < 3; c++)
            {
                double pTorch = double.Parse(torch[row + 1][2 + c], CultureInfo.InvariantCulture);
                double pOnnx = double.Parse(onnx[row + 1][2 + c], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(pTorch - pOnnx) <= 1e-4, $"row {row} class {c}: {pTorch} vs {pOnnx}");
                Assert.True(Math.Abs(pTorch - (softmax[c] / total)) <= 1e-5, $"row {row} class {c}: {pTorch} vs softmax {softmax[c] / total}");
            }

            Assert.Equal(new[] { "neg", "neutral", "pos" }[Array.IndexOf(z, z.Max())], torch[row + 1][1]);
        }
    }

    [LinuxFact]
    public void Bad_input_is_named_with_exit_2()
    {
        using var cli = new CliRunner();
        string folder = SaveCheckpoint(cli, out _);
        string input = cli.WriteFile("in.tsv", "review\nfine\n\t\n");
        string outPath = cli.PathOf("out.tsv");

        (int exit, string _, string error) = cli.Run("bert", "predict", "--model", cli.PathOf("missing.onnx"), "--input", input, "--out", outPath);
        Assert.Equal(2, exit);
        Assert.Contains("--model: no checkpoint folder or .onnx file at", error);

        (exit, _, error) = cli.Run("bert", "predict", "--model", folder, "--input", cli.PathOf("nope.tsv"), "--out", outPath);
        Assert.Equal(2, exit);
        Assert.Contains("--input: no file at", error);

        (exit, _, error) = cli.Run("bert", "predict", "--model", folder, "--input", input, "--text", "sentence", "--out", outPath);
        Assert.Equal(2, exit);
        Assert.Contains("--text: " + input + " has no column 'sentence'; its header is: review", error);

        (exit, _, error) = cli.Run("bert", "predict", "--model", folder, "--input", input, "--text", "review", "--out", outPath);
        Assert.Equal(2, exit);
        Assert.Contains($"{input} line 3, column 1: the text is empty", error);

        (exit, _, error) = cli.Run("bert", "predict", "--model", folder, "--input", input, "--text", "3", "--out", outPath);
        Assert.Equal(2, exit);
        Assert.Contains("line 1 has 1 tab-separated field(s); column 3 does not exist", error);

        string foreign = cli.WriteFile("foreign.onnx", "not onnx at all");
        (exit, _, error) = cli.Run("bert", "predict", "--model", foreign, "--input", cli.WriteFile("ok.tsv", "fine\n"), "--out", outPath);
        Assert.Equal(2, exit);
        Assert.Contains($"{foreign}: not an ONNX model", error);
        Assert.False(File.Exists(outPath));

        Assert.Equal(0, cli.Run("bert", "export", "--model", folder, "--out", cli.PathOf("m32.onnx"), "--max-length", "32").Exit);
        (exit, _, error) = cli.Run("bert", "predict", "--model", cli.PathOf("m32.onnx"), "--input", cli.PathOf("ok.tsv"), "--out", outPath, "--max-length", "64");
        Assert.Equal(2, exit);
        Assert.Contains("was exported for inputs of at most 32 tokens", error);

        (exit, _, error) = cli.Run("bert", "export", "--model", cli.PathOf("nowhere"), "--out", cli.PathOf("m.onnx"));
        Assert.Equal(2, exit);
        Assert.Contains("--model: no folder at", error);
    }
}
