using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Tests.Bert.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Bert.Training;

/// <summary>
/// The classifier's pooling choice: mean pooling equals a hand computation (masked average of the encoder's token
/// vectors, then the linear head) on a padded batch; [CLS] stays the default; the choice is saved in config.json and a
/// reloaded classifier reproduces the logits.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ClassifierPoolingTests
{
    [LinuxFact]
    public void Mean_pooling_logits_equal_a_hand_computed_masked_average_through_the_head()
    {
        using var scope = NewDisposeScope();
        using var model = BertClassifierFactory.Create(TinyBert.Config with { Pooling = ClassifierPooling.Mean }, labels: 3, seed: 7);
        model.eval();
        BertTextTokenizer tokenizer = TinyBert.Tokenizer();
        BertBatch batch = tokenizer.Pad(tokenizer.EncodeAll(["great product", "fast shipping and great quality , love this item", "one star"]));
        Tensor ids = tensor(batch.InputIds, [batch.BatchSize, batch.SequenceLength]);
        Tensor types = tensor(batch.TokenTypeIds, [batch.BatchSize, batch.SequenceLength]);
        Tensor mask = tensor(batch.AttentionMask, [batch.BatchSize, batch.SequenceLength]);
        Assert.Contains(0L, batch.AttentionMask); // the batch has padding

        float[] logits = model.forward(ids, types, mask).data<float>().ToArray();

        var bert = (BertModel)model.named_children().Single(c => c.name == "bert").module;
        float[] hidden = bert.Encode(ids, types, mask).data<float>().ToArray();
        float[] w = model.state_dict()["classifier.weight"].data<float>().ToArray();
        float[] b = model.state_dict()["classifier.bias"].data<float>().ToArray();
        int h = TinyBert.Config.HiddenSize, s = batch.SequenceLength;
        for (int row = 0; row < batch.BatchSize; row++)
        {
            var mean = new double[h];
            int kept = 0;
            for (int t = 0; t < s; t++)
            {
                if (batch.AttentionMask[(row * s) + t] == 0) continue;
                kept++;
                for (int j = 0; j < h; j++) mean[j] += hidden[(((row * s) + t) * h) + j];
            }

            for (int label = 0; label < 3; label++)
            {
                double expected = b[label] + Enumerable.Range(0, h).Sum(j => w[(label * h) + j] * mean[j] / kept);
                Assert.True(Math.Abs(expected - logits[(row * 3) + label]) < 1e-5, $"row {row} label {label}: {logits[(row * 3) + label]} vs hand {expected}");
            }
        }
    }

    [LinuxFact]
    public void Mean_pooling_ignores_padding_and_cls_pooling_does_not_read_the_mean()
    {
        using var scope = NewDisposeScope();
        BertTextTokenizer tokenizer = TinyBert.Tokenizer();
        TokenizedText shortRow = tokenizer.Encode("great product");
        TokenizedText longRow = tokenizer.Encode("fast shipping and great quality , love this item");
        foreach (ClassifierPooling pooling in Enum.GetValues<ClassifierPooling>())
        {
            using var model = BertClassifierFactory.Create(TinyBert.Config with { Pooling = pooling }, labels: 2, seed: 3);
            model.eval();
            Tensor alone = Logits(model, tokenizer.Pad([shortRow]));
            Tensor padded = Logits(model, tokenizer.Pad([shortRow, longRow]))[0];
            Assert.True((alone[0] - padded).abs().max().item<float>() < 1e-5, $"{pooling}: padding changed the short row's logits");
        }

        // Same weights, other pooling: different logits (each option reads something else).
        using var cls = BertClassifierFactory.Create(TinyBert.Config, labels: 2, seed: 3);
        using var mean = BertClassifierFactory.Create(TinyBert.Config with { Pooling = ClassifierPooling.Mean }, labels: 2, seed: 3);
        cls.eval();
        mean.eval();
        Assert.Equal(ClassifierPooling.Cls, cls.Pooling);
        BertBatch both = tokenizer.Pad([shortRow, longRow]);
        Assert.True((Logits(cls, both) - Logits(mean, both)).abs().max().item<float>() > 1e-3);
    }

    [LinuxFact]
    public async Task The_pooling_is_saved_in_config_json_and_a_reloaded_classifier_reproduces_the_logits()
    {
        string folder = Directory.CreateTempSubdirectory("marketlab-pooling-").FullName;
        try
        {
            var options = new BertTrainingOptions { Epochs = 1, BatchSize = 4, MaxLength = 32, Seed = 5, Pooling = ClassifierPooling.Mean, CheckpointDirectory = folder };
            IReadOnlyList<LabeledText> rows = TinyBert.Sentiment();
            using BertFitResult fit = await BertFineTuning.FitAsync(BertStart.Scratch(TinyBert.Config, TinyBert.VocabPath), LabelSet.FromTraining(rows), rows, options);
            Assert.Equal(ClassifierPooling.Mean, fit.Model.Pooling);
            Assert.Contains("\"classifier_pooling\": \"mean\"", File.ReadAllText(Path.Combine(folder, BertCheckpoint.ConfigFile)));

            using var scope = NewDisposeScope();
            BertCheckpoint checkpoint = BertCheckpoint.Open(folder);
            Assert.Equal(ClassifierPooling.Mean, checkpoint.Config.Pooling);
            using BertForSequenceClassification reloaded = checkpoint.LoadClassifier();
            fit.Model.eval();
            BertBatch batch = fit.Tokenizer.Pad(fit.Tokenizer.EncodeAll(["great product", "the order was slow and the item was bad"]));
            Assert.True(Logits(fit.Model, batch).equal(Logits(reloaded, batch)).all().item<bool>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_unknown_classifier_pooling_in_config_json_is_named()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("marketlab-pooling-").FullName, "config.json");
        File.WriteAllText(path, "{\"classifier_pooling\": \"max\"}");
        var error = Assert.Throws<NotSupportedException>(() => BertConfig.FromJson(path));
        Assert.Contains("classifier_pooling 'max'", error.Message);
        Assert.Contains(path, error.Message);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    private static Tensor Logits(BertForSequenceClassification model, BertBatch batch)
    {
        using var noGrad = no_grad();
        return model.forward(
            tensor(batch.InputIds, [batch.BatchSize, batch.SequenceLength]),
            tensor(batch.TokenTypeIds, [batch.BatchSize, batch.SequenceLength]),
            tensor(batch.AttentionMask, [batch.BatchSize, batch.SequenceLength]));
    }
}
