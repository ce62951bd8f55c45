using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Tests.Models.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Models;

/// <summary>
/// End to end without packages or ../shared: a small ONNX BERT written by the test is run by ONNX Runtime, imported,
/// written as a checkpoint folder and run by our encoder; the last hidden states must agree, padding included.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TinyOnnxBertParityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("marketlab-tiny-onnx-").FullName;

    [LinuxFact]
    public void Imported_weights_reproduce_onnx_runtime() => Parity(withPooler: true, headsAsConstantNodes: false);

    [LinuxFact]
    public void Imported_weights_reproduce_onnx_runtime_without_pooler_and_with_constant_nodes() => Parity(withPooler: false, headsAsConstantNodes: true);

    private void Parity(bool withPooler, bool headsAsConstantNodes)
    {
        var tiny = new TinyOnnxBert(withPooler, headsAsConstantNodes);
        OnnxBertImport import = OnnxBertImporter.Import(tiny.Bytes(), "tiny.onnx");
        import.WriteCheckpoint(folder);
        string[] vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. Enumerable.Range(5, TinyOnnxBert.Config.VocabSize - 5).Select(i => $"w{i}")];
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), vocab);
        using PretrainedEncoder encoder = PretrainedEncoder.Load(folder, maxLength: 16);
        using var reference = new OnnxReference(tiny.Bytes());
        BertBatch batch = RandomBatch(lengths: [12, 3, 7, 9], seed: 5);

        float[] expected = reference.LastHiddenState(batch);
        using Tensor ours = encoder.LastHiddenState(batch);

        double worst = ours.data<float>().ToArray().Zip(expected).Max(p => Math.Abs(p.First - p.Second));
        output.WriteLine($"max |difference| = {worst:E2}");
        Assert.True(worst <= 1e-5, $"max |difference| = {worst:E2}");
    }

    private static BertBatch RandomBatch(int[] lengths, int seed)
    {
        var random = new Random(seed);
        int width = lengths.Max();
        var ids = new long[lengths.Length * width];
        var types = new long[ids.Length];
        var mask = new long[ids.Length];
        for (int row = 0; row < lengths.Length; row++)
        {
            for (int j = 0; j < lengths[row]; j++)
            {
                int at = (row * width) + j;
                ids[at] = j == 0 ? 2 : j == lengths[row] - 1 ? 3 : random.Next(5, TinyOnnxBert.Config.VocabSize);
                types[at] = j > lengths[row] / 2 ? 1 : 0;
                mask[at] = 1;
            }
        }

        return new BertBatch(lengths.Length, width, ids, types, mask, Enumerable.Range(0, lengths.Length).ToArray());
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
