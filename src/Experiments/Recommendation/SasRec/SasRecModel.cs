using MarketLab.Experiments.Bert.Runtime;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>
/// SASRec (Kang &amp; McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018): item embeddings scaled by √d
/// plus learned positional embeddings, dropout, causal self-attention blocks, a final LayerNorm; the score of item j
/// after position t is the dot product of the hidden state with item j's embedding (the shared embedding of §III-E).
/// </summary>
public sealed class SasRecModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding item_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Dropout embedding_dropout;
    private readonly ModuleList<SasRecBlock> blocks;
    private readonly LayerNorm last_layernorm;
    private readonly int hidden;

    /// <param name="vocabularySize">Ids 0 (padding) .. size − 1.</param>
    /// <param name="options">Sizes and dropout.</param>
    public SasRecModel(int vocabularySize, SasRecOptions options) : base(nameof(SasRecModel))
    {
        hidden = options.Hidden;
        item_embeddings = nn.Embedding(vocabularySize, hidden, padding_idx: 0);
        position_embeddings = nn.Embedding(options.MaxLength, hidden);
        embedding_dropout = nn.Dropout(options.Dropout);
        blocks = nn.ModuleList(Enumerable.Range(0, options.Blocks).Select(_ => new SasRecBlock(hidden, options.Heads, options.Dropout)).ToArray());
        last_layernorm = nn.LayerNorm(hidden, 1e-8);
        RegisterComponents();
    }

    /// <summary>The item embedding matrix [vocabulary, hidden], shared by input and output.</summary>
    public Tensor ItemEmbeddings => item_embeddings.weight!;

    /// <summary>Hidden states [batch, seq, hidden] for left-padded item ids [batch, seq] (int64, 0 = padding).</summary>
    public override Tensor forward(Tensor items)
    {
        using var scope = NewDisposeScope();
        long batch = items.shape[0], seq = items.shape[1];
        Tensor positions = arange(seq, dtype: ScalarType.Int64, device: items.device).unsqueeze(0);
        using Scalar scale = Math.Sqrt(hidden).ToScalar();   // held through the call (see HeldScalars)
        Tensor x = item_embeddings.forward(items).mul(scale).Plus(position_embeddings.forward(positions));
        Tensor present = items.ne(0);
        Tensor keep = present.unsqueeze(-1).to_type(x.dtype);
        x = embedding_dropout.forward(x) * keep;
        // Query i sees keys j ≤ i that are items; a padded query also sees itself so that no softmax row is empty
        // (its output is zeroed by keep anyway).
        Tensor causal = ones(seq, seq, dtype: ScalarType.Bool, device: items.device).tril();
        Tensor self = eye(seq, dtype: ScalarType.Bool, device: items.device);
        Tensor allowed = causal.logical_and(present.view(batch, 1, 1, seq).logical_or(self)).view(batch, 1, seq, seq);
        foreach (var block in blocks) x = block.forward(x, allowed, keep);
        return last_layernorm.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>Logits of the given items at every position: (h_t · e_item) for items [batch, seq].</summary>
    public Tensor Logits(Tensor hiddenStates, Tensor items) => (hiddenStates * item_embeddings.forward(items)).sum(-1);
}
