using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>
/// The tensors of a checkpoint (one file or the shards of an index) with the file each came from, so errors can name it.
/// Disposing frees the tensors.
/// </summary>
public sealed class CheckpointTensors : IDisposable
{
    internal CheckpointTensors(string source, Dictionary<string, Tensor> tensors, Dictionary<string, string> files)
    {
        Source = source;
        Tensors = tensors;
        Files = files;
    }

    /// <summary>The file that was opened: the weights file, or the shard index.</summary>
    public string Source { get; }

    public Dictionary<string, Tensor> Tensors { get; }

    /// <summary>Tensor name -> the file holding it (equal to <see cref="Source"/> unless sharded).</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>"name" for a single file, "name (in shard.safetensors)" for a sharded checkpoint.</summary>
    public string Describe(string name) =>
        Files.TryGetValue(name, out string? file) && file != Source ? $"{name} (in {Path.GetFileName(file)})" : name;

    public void Dispose()
    {
        foreach (Tensor t in Tensors.Values) t.Dispose();
    }
}
