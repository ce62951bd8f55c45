using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>One transformer block: attention, then the feed-forward pair (HF BertLayer).</summary>
public sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    // Field names are the Hugging Face checkpoint keys (...layer.N.attention / intermediate / output): do not rename.
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertOutput output;

    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new BertOutput(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor keep)
    {
        using var scope = NewDisposeScope();
        Tensor attended = attention.forward(hidden, keep);
        return output.forward(intermediate.forward(attended), attended).MoveToOuterDisposeScope();
    }
}
