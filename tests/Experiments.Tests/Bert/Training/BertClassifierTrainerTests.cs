using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Tests.Bert.Support;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Bert.Training;

[Collection(TorchCollection.Name)]
public sealed class BertClassifierTrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "marketlab-bert-train-" + Guid.NewGuid().ToString("N"));

    private static BertTrainingOptions Fast => new()
    {
        Epochs = 30, BatchSize = 8, LearningRate = 1e-2, WarmupFraction = 0, ValidationFraction = 0, Seed = 7, MaxLength = 32,
    };

    [LinuxFact]
    public async Task Tiny_model_overfits_sixteen_examples()
    {
        var data = TinyBert.Sentiment(8);
        var labels = LabelSet.FromTraining(data);
        using var model = BertClassifierFactory.Create(TinyBert.Config, labels.Count, seed: 7);
        var tokenizer = TinyBert.Tokenizer();
        var steps = new List<BertTrainingProgress>();
        BertTrainingResult result = await new BertClassifierTrainer(Fast).TrainAsync(model, tokenizer, labels, data, progress: new Sync(steps.Add));

        Assert.Equal(60, result.OptimizerSteps);
        Assert.True(result.EpochLosses[^1] < 0.3 * result.EpochLosses[0], $"losses {string.Join(", ", result.EpochLosses)}");
        Assert.True(BertClassifierEvaluator.Evaluate(model, tokenizer, labels, data).Accuracy >= 0.9);
        Assert.All(steps, s => Assert.True(s.SamplesPerSecond > 0));
    }

    [LinuxFact]
    public async Task Frozen_word_embeddings_stay_fixed_while_the_rest_trains_and_are_trainable_again_afterwards()
    {
        var data = TinyBert.Sentiment(8);
        var labels = LabelSet.FromTraining(data);
        using var model = BertClassifierFactory.Create(TinyBert.Config, labels.Count, seed: 7);
        Dictionary<string, Tensor> before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        await new BertClassifierTrainer(Fast with { Epochs = 3, FreezeWordEmbeddings = true }).TrainAsync(model, TinyBert.Tokenizer(), labels, data);

        var after = model.state_dict();
        Assert.Equal(0f, (after[BertClassifierTrainer.WordEmbeddingsKey] - before[BertClassifierTrainer.WordEmbeddingsKey]).abs().max().item<float>());
        Assert.True((after["bert.embeddings.position_embeddings.weight"] - before["bert.embeddings.position_embeddings.weight"]).abs().max().item<float>() > 1e-4);
        Assert.True((after["bert.encoder.layer.0.attention.self.query.weight"] - before["bert.encoder.layer.0.attention.self.query.weight"]).abs().max().item<float>() > 1e-4);
        Assert.True(model.named_parameters().Single(p => p.name == BertClassifierTrainer.WordEmbeddingsKey).parameter.requires_grad);
        foreach (Tensor t in before.Values) t.Dispose();
    }

    [LinuxFact]
    public async Task Resumed_run_equals_an_uninterrupted_run()
    {
        var data = TinyBert.Sentiment(8);
        var labels = LabelSet.FromTraining(data);
        var tokenizer = TinyBert.Tokenizer();
        BertTrainingOptions options = Fast with { Epochs = 3, GradientAccumulationSteps = 2, WarmupFraction = 0.2 };

        using var straight = BertClassifierFactory.Create(TinyBert.Config, 2, seed: 7);
        BertTrainingResult full = await new BertClassifierTrainer(options).TrainAsync(straight, tokenizer, labels, data);

        using var first = BertClassifierFactory.Create(TinyBert.Config, 2, seed: 7);
        await new BertClassifierTrainer(options with { CheckpointDirectory = folder, StopAfterEpochs = 1 }).TrainAsync(first, tokenizer, labels, data);
        using var second = BertClassifierFactory.Create(TinyBert.Config, 2, seed: 99); // weights come from the checkpoint
        BertTrainingResult resumed = await new BertClassifierTrainer(options with { CheckpointDirectory = folder, Resume = true }).TrainAsync(second, tokenizer, labels, data);

        Assert.Equal(full.EpochLosses, resumed.EpochLosses);
        Assert.Equal(full.OptimizerSteps, resumed.OptimizerSteps);
        var a = straight.state_dict();
        var b = second.state_dict();
        Assert.All(a.Keys, key => Assert.Equal(0f, (a[key] - b[key]).abs().max().item<float>()));
        // The folder is also a plain checkpoint with its labels.
        Assert.Equal(["neg", "pos"], BertConfigJson.ReadLabels(Path.Combine(folder, BertCheckpoint.ConfigFile)));
        Assert.Equal(2, BertCheckpoint.Open(folder).Config.NumLabels);
    }

    [LinuxFact]
    public async Task Early_stopping_and_class_weights_run()
    {
        var data = TinyBert.Sentiment(10);
        var labels = LabelSet.FromTraining(data);
        using var model = BertClassifierFactory.Create(TinyBert.Config, 2, seed: 3);
        BertTrainingOptions options = Fast with { Epochs = 30, ValidationFraction = 0.2, EarlyStoppingPatience = 2, BalancedClassWeights = true, LearningRate = 1e-6 };
        BertTrainingResult result = await new BertClassifierTrainer(options).TrainAsync(model, TinyBert.Tokenizer(), labels, data);
        Assert.True(result.StoppedEarly);
        Assert.True(result.EpochsCompleted < 30);
        Assert.Equal(result.EpochsCompleted, result.ValidationAccuracies.Count);
    }

    [LinuxFact]
    public async Task Empty_text_names_the_row()
    {
        var data = TinyBert.Sentiment(4).ToList();
        data[5] = data[5] with { Text = "   " };
        using var model = BertClassifierFactory.Create(TinyBert.Config, 2, seed: 1);
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            new BertClassifierTrainer(Fast with { Epochs = 1 }).TrainAsync(model, TinyBert.Tokenizer(), LabelSet.FromTraining(data), data));
        Assert.Contains("row 5", error.Message);
    }

    [LinuxFact]
    public async Task Diverging_loss_names_the_step_and_suggests_a_lower_rate()
    {
        var data = TinyBert.Sentiment(8);
        using var model = BertClassifierFactory.Create(TinyBert.Config, 2, seed: 1);
        BertTrainingOptions options = Fast with { LearningRate = 1e30, MaxGradNorm = null, Epochs = 20 };
        var error = await Assert.ThrowsAsync<NonFiniteLossException>(() =>
            new BertClassifierTrainer(options).TrainAsync(model, TinyBert.Tokenizer(), LabelSet.FromTraining(data), data));
        Assert.Contains("optimizer step", error.Message);
        Assert.Contains("lower learning rate", error.Message);
    }

    [LinuxFact]
    public async Task Cancellation_stops_training()
    {
        var data = TinyBert.Sentiment(8);
        using var model = BertClassifierFactory.Create(TinyBert.Config, 2, seed: 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new BertClassifierTrainer(Fast).TrainAsync(model, TinyBert.Tokenizer(), LabelSet.FromTraining(data), data, cancellationToken: cts.Token));
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Sync(Action<BertTrainingProgress> report) : IProgress<BertTrainingProgress>
    {
        public void Report(BertTrainingProgress value) => report(value);
    }
}
