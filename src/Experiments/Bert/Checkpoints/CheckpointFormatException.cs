namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>
/// A checkpoint file other than a single safetensors file (a PyTorch <c>pytorch_model.bin</c>, a sharded checkpoint's
/// index) that cannot be read; the message names the file and what is wrong with it.
/// </summary>
public sealed class CheckpointFormatException : IOException
{
    public CheckpointFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    public string FilePath { get; }

    public string Problem { get; }
}
