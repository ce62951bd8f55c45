using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Pretraining;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Tests.Bert.Support;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Bert.Pretraining;

[Collection(TorchCollection.Name)]
public sealed class ElectraPretrainingTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "marketlab-bert-electra-" + Guid.NewGuid().ToString("N"));

    [LinuxFact]
    public void The_generator_is_half_as_wide_and_the_loss_is_generator_plus_lambda_times_discriminator()
    {
        using var model = new ElectraForPreTraining(TinyBert.Config, discriminatorWeight: 50);
        Assert.Equal(16, model.GeneratorConfig.HiddenSize);
        Assert.Equal(1, model.GeneratorConfig.NumAttentionHeads);
        Assert.Equal(TinyBert.Config.NumHiddenLayers, model.GeneratorConfig.NumHiddenLayers);
        string[] names = model.state_dict().Keys.ToArray();
        Assert.Contains("bert.encoder.layer.1.output.dense.weight", names);
        Assert.Contains("discriminator_predictions.dense_prediction.weight", names);
        Assert.Contains("generator.cls.predictions.bias", names);

        model.eval(); // no dropout: two calls with the same generator seed sample the same replacements
        var tokenizer = TinyBert.Tokenizer();
        var batch = tokenizer.Pad(TinyBert.Sentiment(4).Select((t, i) => tokenizer.Encode(t.Text, i)).ToArray());
        MaskedBatch masked = MlmMasker.For(tokenizer).Mask(batch, new Random(3));
        long[] shape = [batch.BatchSize, batch.SequenceLength];
        using Tensor ids = tensor(masked.InputIds, shape), types = tensor(batch.TokenTypeIds, shape), mask = tensor(batch.AttentionMask, shape), labels = tensor(masked.Labels, shape);
        manual_seed(11);
        (Tensor g, Tensor d) = model.Losses(ids, types, mask, labels);
        manual_seed(11);
        using Tensor total = model.forward(ids, types, mask, labels);
        Assert.Equal(g.item<float>() + 50 * d.item<float>(), total.item<float>(), 3);
        // An untrained discriminator says "replaced" with probability ~1/2: its loss starts near ln 2.
        Assert.InRange(d.item<float>(), 0.6f, 0.8f);
        g.Dispose();
        d.Dispose();
    }

    [LinuxFact]
    public async Task Electra_pretraining_learns_to_spot_replacements_and_fine_tuning_starts_from_the_discriminator()
    {
        string[] corpus = TinyBert.Sentiment(10).Select(t => t.Text).ToArray();
        var options = new BertPretrainingOptions
        {
            Config = TinyBert.Config, Steps = 80, BatchSize = 10, LearningRate = 5e-3, WarmupFraction = 0, MaxLength = 32, Seed = 5,
            Objective = PretrainingObjective.Electra,
        };
        IReadOnlyList<BertPretrainingProgress> history = await new BertPretrainer(options).PretrainAsync(corpus, TinyBert.Tokenizer(), folder);
        double first = history.Take(10).Average(h => h.Loss), last = history.TakeLast(10).Average(h => h.Loss);
        Assert.True(last < first * 0.8, $"ELECTRA loss {first:F3} -> {last:F3}");
        Assert.Contains("ElectraForPreTraining", File.ReadAllText(Path.Combine(folder, BertCheckpoint.ConfigFile)));

        using var classifier = BertClassifierFactory.FromPretrained(folder, labels: 2, seed: 1);
        var saved = SafetensorsTorch.LoadStateDict(Path.Combine(folder, BertCheckpoint.WeightsFile));
        var loaded = classifier.state_dict();
        // The classifier's encoder is the discriminator (bert.*), not the generator (generator.bert.*, half as wide).
        Assert.Equal(0f, (saved["bert.encoder.layer.0.attention.self.query.weight"] - loaded["bert.encoder.layer.0.attention.self.query.weight"]).abs().max().item<float>());
        Assert.Equal([16L, 16], saved["generator.bert.encoder.layer.0.attention.self.query.weight"].shape);
        foreach (Tensor t in saved.Values) t.Dispose();
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
