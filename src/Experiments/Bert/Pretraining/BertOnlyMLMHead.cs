using MarketLab.Experiments.Bert.Modeling;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>The masked-LM head alone (HF BertOnlyMLMHead): keys cls.predictions.*.</summary>
public sealed class BertOnlyMLMHead : nn.Module<Tensor, Tensor>
{
    // Field name is the Hugging Face checkpoint key (cls.predictions): do not rename.
    private readonly BertLMPredictionHead predictions;

    public BertOnlyMLMHead(BertConfig config, Func<Tensor> tiedWordEmbeddings) : base(nameof(BertOnlyMLMHead))
    {
        predictions = new BertLMPredictionHead(config, tiedWordEmbeddings);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden) => predictions.forward(hidden);
}
