using MarketLab.Experiments.Bert.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>
/// BERT with a linear head on one vector per row, chosen by <see cref="Pooling"/> (the [CLS] vector through the pooler,
/// or the attention-masked mean of the token vectors); returns logits [batch, labels]. Parameter names equal
/// Hugging Face's BertForSequenceClassification (bert.embeddings.word_embeddings.weight, ..., classifier.weight),
/// so its model.safetensors loads strictly.
/// </summary>
public sealed class BertForSequenceClassification : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    // Field names are the Hugging Face checkpoint keys (bert.*, classifier.*): do not rename.
    private readonly BertModel bert;
    private readonly Dropout dropout;
    private readonly Linear classifier;

    public BertForSequenceClassification(BertConfig config) : base(nameof(BertForSequenceClassification))
    {
        Config = config.Validate();
        bert = new BertModel(config);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        classifier = nn.Linear(config.HiddenSize, config.NumLabels);
        RegisterComponents();
    }

    public BertConfig Config { get; }

    /// <summary>What the head reads (from <see cref="BertConfig.Pooling"/>); an exporter must follow it.</summary>
    public ClassifierPooling Pooling => Config.Pooling;

    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        Tensor pooled = Pooling == ClassifierPooling.Mean
            ? bert.MeanPooled(inputIds, tokenTypeIds, attentionMask)
            : bert.forward(inputIds, tokenTypeIds, attentionMask);
        return Autocast.Linear(classifier, dropout.forward(pooled)).MoveToOuterDisposeScope();
    }
}
