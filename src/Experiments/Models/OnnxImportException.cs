namespace MarketLab.Experiments.Models;

/// <summary>An ONNX file that cannot be imported: unreadable, truncated, or with tensors that do not map one-to-one onto BERT's.</summary>
public sealed class OnnxImportException(string path, string problem) : IOException($"{path}: {problem}")
{
    /// <summary>The ONNX file (or a description of the in-memory source).</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; } = problem;
}
