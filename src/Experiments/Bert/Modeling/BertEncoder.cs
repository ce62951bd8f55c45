using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>The stack of <see cref="BertLayer"/>s (HF BertEncoder).</summary>
public sealed class BertEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    // Field name is the Hugging Face checkpoint key (bert.encoder.layer.N.*): do not rename.
    private readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor keep)
    {
        using var scope = NewDisposeScope();
        Tensor x = hidden;
        foreach (BertLayer block in layer)
        {
            x = block.forward(x, keep);
        }

        return x.MoveToOuterDisposeScope();
    }
}
