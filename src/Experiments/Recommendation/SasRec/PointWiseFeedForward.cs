using MarketLab.Experiments.Bert.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>
/// SASRec's point-wise feed-forward network with its residual: x + dropout(W₂ dropout(ReLU(W₁ x))) (Kang &amp; McAuley
/// 2018, eq. 4; the reference code writes W₁, W₂ as 1×1 convolutions, the same as these Linear layers). Hidden →
/// hidden, unlike BERT's 4× intermediate with GELU, so BertIntermediate/BertOutput do not fit.
/// </summary>
public sealed class PointWiseFeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear conv1;
    private readonly Linear conv2;
    private readonly Dropout dropout1;
    private readonly Dropout dropout2;

    public PointWiseFeedForward(int hidden, double dropout) : base(nameof(PointWiseFeedForward))
    {
        conv1 = nn.Linear(hidden, hidden);
        conv2 = nn.Linear(hidden, hidden);
        dropout1 = nn.Dropout(dropout);
        dropout2 = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor h = dropout2.forward(conv2.forward(nn.functional.relu(dropout1.forward(conv1.forward(x)))));
        return x.Plus(h).MoveToOuterDisposeScope();
    }
}
