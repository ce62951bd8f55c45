using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Tests.Models.Support;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Models;

/// <summary>Fine-tuning starts from an imported pretrained encoder through the one workflow (BertFineTuning).</summary>
[Collection(TorchCollection.Name)]
public sealed class FineTuneFromPretrainedTests(InstalledModelsFixture models) : IClassFixture<InstalledModelsFixture>
{
    [Fact]
    public async Task A_minilm_start_carries_every_encoder_tensor_and_learns_a_small_task()
    {
        InstalledModel installed = models.Get(PretrainedModels.AllMiniLmL6V2);
        var labels = new LabelSet(["neg", "pos"]);
        IReadOnlyList<LabeledText> rows = TinyBert.Sentiment(perClass: 8);
        var options = new BertTrainingOptions { Epochs = 6, BatchSize = 4, LearningRate = 3e-4, MaxLength = 32, ValidationFraction = 0, Seed = 3 };

        // Before training: the start is exactly the imported encoder (bare BertModel keys gain the bert. prefix).
        using (BertForSequenceClassification start = BertClassifierFactory.FromPretrained(installed.Directory, labels.Count, seed: 3))
        {
            Dictionary<string, Tensor> file = SafetensorsTorch.LoadStateDict(installed.Checkpoint.WeightsPath);
            Dictionary<string, Tensor> own = start.state_dict();
            try
            {
                Assert.Equal(file.Count, own.Keys.Count(k => k.StartsWith("bert.", StringComparison.Ordinal)));
                foreach ((string key, Tensor value) in file)
                    Assert.True(own[StateDictLoader.CanonicalKey(key)].equal(value).all().item<bool>(), $"{key} was not loaded");
            }
            finally
            {
                foreach (Tensor t in file.Values) t.Dispose();
            }
        }

        using BertFitResult fit = await BertFineTuning.FitAsync(BertStart.FromCheckpoint(installed.Directory), labels, rows, options);
        Assert.Equal(30522, fit.Tokenizer.Vocabulary.Count);
        Assert.True(fit.Training.EpochLosses[^1] < fit.Training.EpochLosses[0] / 2, $"losses {string.Join(", ", fit.Training.EpochLosses)}");
        ClassificationCounts counts = BertClassifierEvaluator.Evaluate(fit.Model, fit.Tokenizer, labels, rows);
        Assert.True(counts.Accuracy >= 0.9, $"training accuracy {counts.Accuracy}");
    }

    [Theory]
    [InlineData("LayerNorm.gamma", "bert.embeddings.LayerNorm.weight", "embeddings.LayerNorm.gamma")]
    [InlineData("prefix", "bert.encoder.layer.0.output.dense.bias", "encoder.layer.0.output.dense.bias")]
    [InlineData("kept", "bert.pooler.dense.weight", "bert.pooler.dense.weight")]
    [InlineData("head", "cls.predictions.bias", "cls.predictions.bias")]
    public void Hugging_face_key_variants_map_to_our_names(string variant, string expected, string key)
    {
        Assert.Equal(expected, StateDictLoader.CanonicalKey(key));
        Assert.NotEmpty(variant);
    }
}
