using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Pretraining;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Tests.Bert.Support;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Bert.Pretraining;

[Collection(TorchCollection.Name)]
public sealed class BertPretrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "marketlab-bert-mlm-" + Guid.NewGuid().ToString("N"));

    [LinuxFact]
    public void Masked_LM_has_Hugging_Face_names_and_a_tied_decoder()
    {
        using var model = new BertForMaskedLM(TinyBert.Config);
        string[] names = model.state_dict().Keys.ToArray();
        Assert.Contains("cls.predictions.transform.dense.weight", names);
        Assert.Contains("cls.predictions.transform.LayerNorm.weight", names);
        Assert.Contains("cls.predictions.bias", names);
        Assert.Contains("bert.embeddings.word_embeddings.weight", names);
        Assert.DoesNotContain(names, n => n.StartsWith("cls.predictions.decoder", StringComparison.Ordinal)); // tied: no second copy
        using Tensor ids = tensor(new long[] { 2, 9, 4, 3 }, [1, 4]);
        using Tensor zero = zeros_like(ids);
        using Tensor ones = ones_like(ids);
        using Tensor logits = model.Logits(ids, zero, ones);
        Assert.Equal([1L, 4, TinyBert.Config.VocabSize], logits.shape);
    }

    [LinuxFact]
    public async Task Pretraining_lowers_the_loss_and_fine_tuning_starts_from_its_encoder()
    {
        string[] corpus = TinyBert.Sentiment(10).Select(t => t.Text).ToArray();
        var options = new BertPretrainingOptions { Config = TinyBert.Config, Steps = 60, BatchSize = 10, LearningRate = 5e-3, WarmupFraction = 0, MaxLength = 32, Seed = 5, WholeWordMasking = true };
        IReadOnlyList<BertPretrainingProgress> history = await new BertPretrainer(options).PretrainAsync(corpus, TinyBert.Tokenizer(), folder);

        Assert.Equal(60, history.Count);
        double first = history.Take(10).Average(h => h.Loss), last = history.TakeLast(10).Average(h => h.Loss);
        Assert.True(last < first - 0.4,  $"MLM loss {first:F3} -> {last:F3} at {history[^1].SamplesPerSecond:F0} samples/s");
        BertCheckpoint checkpoint = BertCheckpoint.Open(folder);
        Assert.Equal(85, checkpoint.Config.VocabSize);

        using var classifier = BertClassifierFactory.FromPretrained(folder, labels: 3, seed: 1);
        var saved = SafetensorsTorch.LoadStateDict(checkpoint.WeightsPath);
        var loaded = classifier.state_dict();
        Assert.Equal(0f, (saved["bert.encoder.layer.1.output.dense.weight"] - loaded["bert.encoder.layer.1.output.dense.weight"]).abs().max().item<float>());
        Assert.Equal([3L, 32], loaded["classifier.weight"].shape);
        foreach (Tensor t in saved.Values) t.Dispose();
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
