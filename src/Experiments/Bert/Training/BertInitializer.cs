using MarketLab.Experiments.Bert.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Training;

/// <summary>
/// BERT's initialisation (transformers' BertPreTrainedModel._init_weights): weights ~ N(0, 0.02), biases 0, LayerNorm
/// weight 1 and bias 0, the padding row of the word embeddings 0. TorchSharp's defaults (Kaiming-uniform linears,
/// N(0, 1) embeddings) train worse from scratch.
/// </summary>
public static class BertInitializer
{
    public const double InitializerRange = 0.02;

    /// <summary>Re-initialises every parameter of <paramref name="module"/> in place (uses torch's global generator).</summary>
    public static void Apply(nn.Module module, double std = InitializerRange)
    {
        using var noGrad = no_grad();
        foreach ((string name, Parameter p) in module.named_parameters())
        {
            if (name.Contains("LayerNorm.weight", StringComparison.Ordinal)) p.fill_(HeldScalars.One);
            else if (name.EndsWith("bias", StringComparison.Ordinal)) p.zero_();
            else p.normal_(0.0, std);
            if (name.EndsWith("word_embeddings.weight", StringComparison.Ordinal)) p[0].zero_();
        }
    }
}
