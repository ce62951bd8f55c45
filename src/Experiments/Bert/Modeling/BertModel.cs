using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>Embeddings, encoder and pooler (HF BertModel); returns the pooled [CLS] vector.</summary>
public sealed class BertModel : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    // Field names are the Hugging Face checkpoint keys (bert.embeddings / encoder / pooler): do not rename.
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertPooler pooler;

    public BertModel(BertConfig config) : base(nameof(BertModel))
    {
        config.Validate();
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = new BertPooler(config);
        RegisterComponents();
    }

    /// <summary>The word embedding matrix [vocab, hidden], shared with the masked-LM decoder.</summary>
    internal TorchSharp.Modules.Parameter WordEmbeddingWeight => embeddings.WordEmbeddingWeight;

    /// <summary>Last hidden states [batch, seq, hidden].</summary>
    public Tensor Encode(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        // [batch, seq] 0/1 -> [batch, 1, 1, seq] bool: every query may attend to every non-padding key.
        Tensor keep = attentionMask.to(ScalarType.Bool).unsqueeze(1).unsqueeze(1);
        return encoder.forward(embeddings.forward(inputIds, tokenTypeIds), keep).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The mean of the last hidden states over the tokens the attention mask keeps [batch, hidden]: sum_t m_t h_t /
    /// max(sum_t m_t, 1e-9), as sentence-transformers' Pooling(mode="mean") computes it.
    /// </summary>
    public Tensor MeanPooled(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = Encode(inputIds, tokenTypeIds, attentionMask);
        Tensor mask = attentionMask.to(hidden.dtype).unsqueeze(-1);
        using Scalar tiny = 1e-9.ToScalar();   // held through the call (see HeldScalars)
        return ((hidden * mask).sum(1) / mask.sum(1).clamp_min(tiny)).MoveToOuterDisposeScope();
    }

    /// <summary>The pooled [CLS] vector [batch, hidden].</summary>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        return pooler.forward(Encode(inputIds, tokenTypeIds, attentionMask)).MoveToOuterDisposeScope();
    }
}
