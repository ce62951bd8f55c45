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
/// <remarks>
/// With side features (<see cref="SasRecOptions.Side"/>, opt-in) each input event's category and/or behaviour-type
/// embedding is added to its item embedding before the √d scaling and the positions; scoring still uses the item
/// embeddings alone. Without them the model, its parameters and its arithmetic are exactly the paper's.
/// </remarks>
public sealed class SasRecModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding item_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Dropout embedding_dropout;
    private readonly ModuleList<SasRecBlock> blocks;
    private readonly LayerNorm last_layernorm;
    private readonly int hidden;
    // Declared after the paper's modules so that, when present, they come last in the parameter order (initialisation
    // and checkpoints of the plain model are unchanged); null (not registered) without side features.
    private readonly Embedding? category_embeddings;
    private readonly Embedding? behaviour_embeddings;

    /// <param name="vocabularySize">Ids 0 (padding) .. size − 1.</param>
    /// <param name="options">Sizes and dropout.</param>
    /// <param name="side">The side features' id spaces; required when <see cref="SasRecOptions.Side"/> is not None.</param>
    public SasRecModel(int vocabularySize, SasRecOptions options, SasRecSideFeatures? side = null) : base(nameof(SasRecModel))
    {
        if (options.Side != SasRecSide.None && side?.Side != options.Side)
            throw new ArgumentException($"Side features {options.Side} need their id spaces (SasRecSideFeatures built for {options.Side}).", nameof(side));
        hidden = options.Hidden;
        item_embeddings = nn.Embedding(vocabularySize, hidden, padding_idx: 0);
        position_embeddings = nn.Embedding(options.MaxLength, hidden);
        embedding_dropout = nn.Dropout(options.Dropout);
        blocks = nn.ModuleList(Enumerable.Range(0, options.Blocks).Select(_ => new SasRecBlock(hidden, options.Heads, options.Dropout)).ToArray());
        last_layernorm = nn.LayerNorm(hidden, 1e-8);
        // The side tables' random initialisation (replaced by zeros in SasRecTrainer.Initialize) must not move torch's
        // generator: the generator's state is put back, so the paper's weights of a model with side features are those of
        // the plain model with the same seed.
        using var state = options.Side == SasRecSide.None ? null : random.get_rng_state();
        if (options.Side.HasFlag(SasRecSide.Category))
            category_embeddings = nn.Embedding(side!.Categories!.Size, hidden, padding_idx: 0);
        if (options.Side.HasFlag(SasRecSide.Behaviour))
            behaviour_embeddings = nn.Embedding(side!.Behaviours!.Size, hidden, padding_idx: 0);
        if (state is not null) random.set_rng_state(state);
        RegisterComponents();
    }

    /// <summary>The item embedding matrix [vocabulary, hidden], shared by input and output.</summary>
    public Tensor ItemEmbeddings => item_embeddings.weight!;

    /// <summary>Which side embeddings the model adds.</summary>
    public SasRecSide Side => (category_embeddings is null ? SasRecSide.None : SasRecSide.Category) | (behaviour_embeddings is null ? SasRecSide.None : SasRecSide.Behaviour);

    /// <summary>Hidden states [batch, seq, hidden] for left-padded item ids [batch, seq] (int64, 0 = padding).</summary>
    /// <exception cref="InvalidOperationException">The model has side embeddings (use the overload with their ids).</exception>
    public override Tensor forward(Tensor items) => Side == SasRecSide.None ? forward(items, null, null)
        : throw new InvalidOperationException($"This SASRec adds {SasRecSideSyntax.Format(Side)} embeddings; pass their ids with the items.");

    /// <summary>Hidden states for left-padded item ids and, aligned with them, category and behaviour ids [batch, seq]
    /// (each null exactly when the model has no such embedding).</summary>
    public Tensor forward(Tensor items, Tensor? categories, Tensor? behaviours)
    {
        if ((categories is null) != (category_embeddings is null) || (behaviours is null) != (behaviour_embeddings is null))
            throw new ArgumentException($"This SASRec adds {SasRecSideSyntax.Format(Side)} embeddings; give ids for exactly those.");
        using var scope = NewDisposeScope();
        long batch = items.shape[0], seq = items.shape[1];
        Tensor positions = arange(seq, dtype: ScalarType.Int64, device: items.device).unsqueeze(0);
        Tensor e = item_embeddings.forward(items);
        if (category_embeddings is not null) e = e.Plus(category_embeddings.forward(categories!));
        if (behaviour_embeddings is not null) e = e.Plus(behaviour_embeddings.forward(behaviours!));
        using Scalar scale = Math.Sqrt(hidden).ToScalar();   // held through the call (see HeldScalars)
        Tensor x = e.mul(scale).Plus(position_embeddings.forward(positions));
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
