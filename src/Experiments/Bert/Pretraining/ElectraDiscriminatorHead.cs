using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>
/// The replaced-token-detection head (HF ElectraDiscriminatorPredictions): dense, GELU, then one logit per token that
/// says "this token was replaced by the generator".
/// </summary>
public sealed class ElectraDiscriminatorHead : nn.Module<Tensor, Tensor>
{
    // Field names follow Hugging Face's discriminator_predictions.* keys: do not rename.
    private readonly Linear dense;
    private readonly Linear dense_prediction;

    public ElectraDiscriminatorHead(BertConfig config) : base(nameof(ElectraDiscriminatorHead))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        dense_prediction = nn.Linear(config.HiddenSize, 1);
        RegisterComponents();
    }

    /// <summary>Logits [..., ] for hidden states [..., hidden].</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return Autocast.Linear(dense_prediction, nn.functional.gelu(Autocast.Linear(dense, hidden))).squeeze(-1).MoveToOuterDisposeScope();
    }
}
