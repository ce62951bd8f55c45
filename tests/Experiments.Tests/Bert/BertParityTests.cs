using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Tests.Bert.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Bert;

/// <summary>
/// Logits of a tiny random BertForSequenceClassification (vocab 85, hidden 32, 2 layers, 2 heads, 3 labels) against
/// PyTorch 1.13 running the same forward in plain ops: Fixtures/bert/make_tiny_bert.py (run by hand) made the files.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class BertParityTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bert", "tiny-random");

    private static Dictionary<string, Tensor> Reference() => SafetensorsTorch.LoadStateDict(Path.Combine(Folder, "reference.safetensors"));

    [LinuxFact]
    public void Logits_match_pytorch_to_1e_5()
    {
        using var scope = NewDisposeScope();
        BertForSequenceClassification model = BertCheckpoint.Open(Folder).LoadClassifier();
        Dictionary<string, Tensor> r = Reference();

        using Tensor logits = model.forward(r["input_ids"], r["token_type_ids"], r["attention_mask"]);

        Assert.Equal(r["logits"].shape, logits.shape);
        double diff = (logits - r["logits"]).abs().max().item<float>();
        output.WriteLine($"max |logit difference| = {diff:E2}");
        Assert.True(diff < 1e-5, $"max |logit difference| = {diff:E2}");
    }

    [LinuxFact]
    public void Hidden_states_match_pytorch_to_1e_5()
    {
        using var scope = NewDisposeScope();
        BertForSequenceClassification model = BertCheckpoint.Open(Folder).LoadClassifier();
        Dictionary<string, Tensor> r = Reference();
        var bert = (BertModel)model.named_children().Single(c => c.name == "bert").module;

        Tensor hidden = bert.Encode(r["input_ids"], r["token_type_ids"], r["attention_mask"]);

        double diff = (hidden - r["last_hidden_state"]).abs().max().item<float>();
        output.WriteLine($"max |hidden difference| = {diff:E2}");
        Assert.True(diff < 1e-5, $"max |hidden difference| = {diff:E2}");
    }

    [LinuxFact]
    public void Parameter_names_are_hugging_faces()
    {
        var model = new BertForSequenceClassification(BertConfig.FromJson(Path.Combine(Folder, "config.json")));
        string[] names = model.state_dict().Keys.ToArray();
        Assert.Contains("bert.embeddings.word_embeddings.weight", names);
        Assert.Contains("bert.embeddings.LayerNorm.weight", names);
        Assert.Contains("bert.encoder.layer.0.attention.self.query.weight", names);
        Assert.Contains("bert.encoder.layer.1.attention.output.LayerNorm.bias", names);
        Assert.Contains("bert.encoder.layer.1.intermediate.dense.weight", names);
        Assert.Contains("bert.encoder.layer.1.output.dense.bias", names);
        Assert.Contains("bert.pooler.dense.weight", names);
        Assert.Contains("classifier.weight", names);
        Assert.Equal(5 + 16 * 2 + 2 + 2, names.Length);
    }

    [LinuxFact]
    public void A_config_with_other_sizes_fails_strictly_and_names_the_mismatched_keys()
    {
        BertCheckpoint checkpoint = BertCheckpoint.Open(Folder) with { Config = BertCheckpoint.Open(Folder).Config with { NumLabels = 2 } };
        var error = Assert.Throws<CheckpointMismatchException>(() => checkpoint.LoadClassifier());
        Assert.Equal(["classifier.bias: checkpoint [3] vs config.json [2]", "classifier.weight: checkpoint [3, 32] vs config.json [2, 32]"], error.Mismatched);
    }

    [Fact]
    public void An_incomplete_checkpoint_names_every_missing_file()
    {
        string empty = Directory.CreateTempSubdirectory("marketlab-ckpt-").FullName;
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => BertCheckpoint.Open(empty));
            Assert.Contains(Path.Combine(empty, "config.json"), error.Message);
            Assert.Contains(Path.Combine(empty, "model.safetensors"), error.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [LinuxFact]
    public void The_checkpoint_vocab_tokenizes_with_its_own_ids()
    {
        var tokenizer = BertCheckpoint.Open(Folder).LoadTokenizer();
        Assert.Equal([2, 9, 30, 32, 3], tokenizer.Encode("The coupon discount").InputIds.ToArray());
    }
}
