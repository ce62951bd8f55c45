using MarketLab.Experiments.Bert.Modeling;

namespace MarketLab.Experiments.Models;

/// <summary>An installed pretrained model: a checkpoint folder (config.json, vocab.txt, model.safetensors, source.json).</summary>
/// <param name="Info">The catalog entry.</param>
/// <param name="Directory">The folder in the model cache.</param>
/// <param name="Reused">True when the folder was already complete and nothing was downloaded or converted.</param>
public sealed record InstalledModel(PretrainedModelInfo Info, string Directory, bool Reused)
{
    /// <summary>Provenance written beside the weights: package, resources, hashes, licence, citation.</summary>
    public const string SourceFile = "source.json";

    /// <summary>The checkpoint (config read from config.json).</summary>
    public BertCheckpoint Checkpoint => BertCheckpoint.Open(Directory);
}
