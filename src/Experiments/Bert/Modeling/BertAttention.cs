using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>Self-attention followed by its output block (HF BertAttention).</summary>
public sealed class BertAttention : nn.Module<Tensor, Tensor, Tensor>
{
    // Field names are the Hugging Face checkpoint keys (...attention.self / ...attention.output): do not rename.
    private readonly BertSelfAttention @self;
    private readonly BertSelfOutput output;

    public BertAttention(BertConfig config) : base(nameof(BertAttention))
    {
        @self = new BertSelfAttention(config);
        output = new BertSelfOutput(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor keep)
    {
        using var scope = NewDisposeScope();
        return output.forward(@self.forward(hidden, keep), hidden).MoveToOuterDisposeScope();
    }
}
