using MarketLab.Experiments.Bert.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>Word + absolute position + token type embeddings, then LayerNorm and dropout (HF BertEmbeddings).</summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor, Tensor>
{
    // Field names are the Hugging Face checkpoint keys (bert.embeddings.*): do not rename.
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly Dropout dropout;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: 0);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <summary>The word embedding matrix [vocab, hidden]; the masked-LM decoder shares it (weight tying).</summary>
    internal TorchSharp.Modules.Parameter WordEmbeddingWeight => word_embeddings.weight!;

    /// <param name="inputIds">[batch, seq] int64.</param>
    /// <param name="tokenTypeIds">[batch, seq] int64.</param>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds)
    {
        using var scope = NewDisposeScope();
        // Positions 0..seq-1 computed per call: HF keeps them in a non-persistent buffer, absent from checkpoints.
        Tensor positions = arange(inputIds.shape[1], dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0);
        Tensor sum = word_embeddings.forward(inputIds).Plus(position_embeddings.forward(positions)).Plus(token_type_embeddings.forward(tokenTypeIds));
        return dropout.forward(LayerNorm.forward(sum)).MoveToOuterDisposeScope();
    }
}
