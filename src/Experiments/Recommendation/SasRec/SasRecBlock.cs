using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Bert.Modeling;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>
/// One SASRec self-attention block, pre-LayerNorm as in the reference code: q = LN(x); x = q + Attn(q) under the
/// causal mask; x = FFN(LN(x)) with its residual; padding positions zeroed.
/// </summary>
/// <remarks>
/// Reuses <see cref="BertSelfAttention"/> (query/key/value projections with bias, scaled dot-product attention,
/// dropout on the weights, no output projection: the same as the TensorFlow original's multihead_attention). Two
/// differences from the original, both as in pmixer's PyTorch port: keys and values are LN(x) rather than x, and
/// the causal mask comes in as a boolean mask instead of −2³² + 1 logits. BERT's own layer (post-LN, GELU, 4× FFN)
/// does not fit SASRec and is not used.
/// </remarks>
public sealed class SasRecBlock : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly LayerNorm attention_layernorm;
    private readonly BertSelfAttention attention;
    private readonly LayerNorm forward_layernorm;
    private readonly PointWiseFeedForward feed_forward;

    public SasRecBlock(int hidden, int heads, double dropout) : base(nameof(SasRecBlock))
    {
        attention_layernorm = nn.LayerNorm(hidden, 1e-8);
        attention = new BertSelfAttention(new BertConfig(HiddenSize: hidden, NumAttentionHeads: heads, AttentionProbsDropoutProb: dropout).Validate());
        forward_layernorm = nn.LayerNorm(hidden, 1e-8);
        feed_forward = new PointWiseFeedForward(hidden, dropout);
        RegisterComponents();
    }

    /// <param name="x">[batch, seq, hidden].</param>
    /// <param name="allowed">[batch, 1, seq, seq] bool: query i may attend to key j.</param>
    /// <param name="keep">[batch, seq, 1] float: 1 at items, 0 at padding.</param>
    public override Tensor forward(Tensor x, Tensor allowed, Tensor keep)
    {
        using var scope = NewDisposeScope();
        Tensor q = attention_layernorm.forward(x);
        Tensor h = q.Plus(attention.forward(q, allowed));
        h = feed_forward.forward(forward_layernorm.forward(h));
        return (h * keep).MoveToOuterDisposeScope();
    }
}
