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

    [LinuxFact]
    public async Task Continued_pretraining_starts_from_the_checkpoint_not_from_random_weights()
    {
        string[] corpus = TinyBert.Sentiment(10).Select(t => t.Text).ToArray();
        var first = new BertPretrainingOptions { Config = TinyBert.Config, Steps = 60, BatchSize = 10, LearningRate = 5e-3, WarmupFraction = 0, MaxLength = 32, Seed = 5 };
        IReadOnlyList<BertPretrainingProgress> before = await new BertPretrainer(first).PretrainAsync(corpus, TinyBert.Tokenizer(), folder);

        // Continuing: the first steps' loss is that of the trained checkpoint, far below a fresh model's first steps.
        string continued = folder + "-continued";
        try
        {
            var options = first with { Steps = 10, LearningRate = 1e-9, InitialCheckpoint = folder, Config = BertConfig.Tiny };
            IReadOnlyList<BertPretrainingProgress> after = await new BertPretrainer(options).PretrainAsync(corpus, TinyBert.Tokenizer(), continued);
            double freshStart = before.Take(10).Average(h => h.Loss), trainedEnd = before.TakeLast(10).Average(h => h.Loss);
            double continuedStart = after.Average(h => h.Loss);
            Assert.True(continuedStart < freshStart - 0.4 && Math.Abs(continuedStart - trainedEnd) < 0.5,
                $"fresh start {freshStart:F3}, end of the first run {trainedEnd:F3}, continued start {continuedStart:F3}");
            // The checkpoint's config wins over options.Config (BertConfig.Tiny has another vocabulary size).
            Assert.Equal(85, BertCheckpoint.Open(continued).Config.VocabSize);
        }
        finally
        {
            if (Directory.Exists(continued)) Directory.Delete(continued, recursive: true);
        }
    }

    [LinuxFact]
    public void Continued_pretraining_loads_the_encoder_keeps_absent_heads_and_refuses_other_tensors()
    {
        Directory.CreateDirectory(folder);
        using (var classifier = BertClassifierFactory.Create(TinyBert.Config, labels: 2, seed: 3))
        {
            BertConfigJson.Write(TinyBert.Config, Path.Combine(folder, BertCheckpoint.ConfigFile), architecture: "BertForSequenceClassification");
            File.Copy(TinyBert.Tokenizer().VocabPath, Path.Combine(folder, BertCheckpoint.VocabFile));
            SafetensorsTorch.Save(classifier, Path.Combine(folder, BertCheckpoint.WeightsFile));
        }

        // A fine-tuned classifier continues as a masked LM: encoder loaded, the MLM head it never had keeps its init.
        using var mlm = new BertForMaskedLM(TinyBert.Config);
        IReadOnlyList<string> fresh = BertPretrainer.LoadInitialWeights(mlm, folder);
        Assert.Contains("cls.predictions.bias", fresh);
        Assert.DoesNotContain(fresh, n => n.StartsWith("bert.encoder.", StringComparison.Ordinal));
        var saved = SafetensorsTorch.LoadStateDict(Path.Combine(folder, BertCheckpoint.WeightsFile));
        Assert.Equal(0f, (saved["bert.encoder.layer.0.attention.self.query.weight"] - mlm.state_dict()["bert.encoder.layer.0.attention.self.query.weight"]).abs().max().item<float>());

        // A file without an encoder layer is refused by name.
        saved.Remove("bert.encoder.layer.1.output.dense.weight", out Tensor? removed);
        removed!.Dispose();
        SafetensorsTorch.Save(saved, Path.Combine(folder, BertCheckpoint.WeightsFile));
        foreach (Tensor t in saved.Values) t.Dispose();
        using var other = new BertForMaskedLM(TinyBert.Config);
        var e = Assert.Throws<CheckpointMismatchException>(() => BertPretrainer.LoadInitialWeights(other, folder));
        Assert.Contains("bert.encoder.layer.1.output.dense.weight", e.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
