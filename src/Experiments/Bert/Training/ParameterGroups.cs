using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Training;

/// <summary>
/// Splits parameters into weight-decay and no-decay groups as BERT fine-tuning does (transformers' Trainer and the
/// original run_classifier.py: no decay on biases and LayerNorm weights).
/// </summary>
public static class ParameterGroups
{
    /// <summary>Whether <paramref name="name"/> (a state-dict key) is exempt from weight decay: biases and LayerNorm
    /// parameters (BERT's "LayerNorm.", SASRec's "attention_layernorm." / "last_layernorm.").</summary>
    public static bool IsNoDecay(string name) =>
        name.EndsWith(".bias", StringComparison.Ordinal) || name == "bias" || name.Contains("layernorm.", StringComparison.OrdinalIgnoreCase);

    /// <summary>(decay, noDecay) named parameters of <paramref name="module"/> that require gradients.</summary>
    public static (IReadOnlyList<(string Name, Parameter Parameter)> Decay, IReadOnlyList<(string Name, Parameter Parameter)> NoDecay) Split(nn.Module module)
    {
        var decay = new List<(string, Parameter)>();
        var noDecay = new List<(string, Parameter)>();
        foreach ((string name, Parameter p) in module.named_parameters())
        {
            if (!p.requires_grad) continue;
            (IsNoDecay(name) ? noDecay : decay).Add((name, p));
        }

        return (decay, noDecay);
    }
}
