using MarketLab.Experiments.Bert.Modeling;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>
/// BERT with the masked-LM head (HF BertForMaskedLM): parameters bert.* and cls.predictions.*; the decoder is tied to
/// bert.embeddings.word_embeddings.weight. Our encoder keeps its pooler (HF drops it for BertForMaskedLM) so that the
/// saved bert.* tensors fill a classifier's whole encoder; the pooler gets no gradient here.
/// </summary>
public sealed class BertForMaskedLM : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    // Field names are the Hugging Face checkpoint keys (bert.*, cls.*): do not rename.
    private readonly BertModel bert;
    private readonly BertOnlyMLMHead cls;

    public BertForMaskedLM(BertConfig config) : base(nameof(BertForMaskedLM))
    {
        Config = config.Validate();
        bert = new BertModel(config);
        cls = new BertOnlyMLMHead(config, () => bert.WordEmbeddingWeight);
        RegisterComponents();
    }

    public BertConfig Config { get; }

    /// <summary>Vocabulary logits [batch, seq, vocab] at every position.</summary>
    public Tensor Logits(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        return cls.forward(bert.Encode(inputIds, tokenTypeIds, attentionMask)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Vocabulary logits [masked, vocab] at the positions whose label is not -100 (only those are projected onto the
    /// vocabulary), their flat positions (row * sequence + column) and their labels.
    /// </summary>
    public (Tensor Logits, Tensor Positions, Tensor Targets) MaskedPredictions(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask, Tensor labels)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = bert.Encode(inputIds, tokenTypeIds, attentionMask);
        Tensor flatLabels = labels.reshape(-1);
        Tensor positions = flatLabels.ne(MaskedBatch.Ignore).nonzero().squeeze(1);
        Tensor logits = cls.forward(hidden.reshape(-1, hidden.shape[2]).index_select(0, positions));
        return (logits.MoveToOuterDisposeScope(), positions.MoveToOuterDisposeScope(), flatLabels.index_select(0, positions).MoveToOuterDisposeScope());
    }

    /// <summary>Mean cross-entropy over the masked positions (<see cref="MaskedPredictions"/>).</summary>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask, Tensor labels)
    {
        using var scope = NewDisposeScope();
        (Tensor logits, _, Tensor targets) = MaskedPredictions(inputIds, tokenTypeIds, attentionMask, labels);
        return nn.functional.cross_entropy(logits, targets).MoveToOuterDisposeScope();
    }
}
