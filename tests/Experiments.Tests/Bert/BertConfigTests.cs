using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Bert;
using MarketLab.Experiments.Bert.Modeling;

namespace MarketLab.Experiments.Tests.Bert;

[Collection(TorchCollection.Name)]
public sealed class BertConfigTests
{
    [Theory]
    [InlineData(BertSize.Tiny, 2, 128, 2)]
    [InlineData(BertSize.Mini, 4, 256, 4)]
    [InlineData(BertSize.Small, 4, 512, 8)]
    [InlineData(BertSize.Medium, 8, 512, 8)]
    [InlineData(BertSize.Base, 12, 768, 12)]
    public void Presets_have_the_published_layers_hidden_and_heads(BertSize size, int layers, int hidden, int heads)
    {
        BertConfig c = BertConfig.For(size);
        Assert.Equal((layers, hidden, heads, 4 * hidden, 64), (c.NumHiddenLayers, c.HiddenSize, c.NumAttentionHeads, c.IntermediateSize, c.HeadSize));
    }

    [SharedDataFact("models/bert-base-uncased-vocab/bert-tiny_config.reference.json")]
    public void The_reference_bert_tiny_config_json_reads_as_the_tiny_preset()
    {
        BertConfig c = BertConfig.FromJson(SharedModels.Require("models/bert-base-uncased-vocab/bert-tiny_config.reference.json"));
        Assert.Equal(BertConfig.Tiny, c);
    }

    [Fact]
    public void Hidden_size_not_divisible_by_heads_is_rejected_with_both_values()
    {
        var error = Assert.Throws<ArgumentException>(() => (BertConfig.Tiny with { NumAttentionHeads = 3 }).Validate());
        Assert.Contains("HiddenSize 128", error.Message);
        Assert.Contains("NumAttentionHeads 3", error.Message);
    }

    [Fact]
    public void A_dropout_of_one_is_rejected_with_the_value()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (BertConfig.Tiny with { HiddenDropoutProb = 1.0 }).Validate());
        Assert.Contains("got 1", error.Message);
    }
}
