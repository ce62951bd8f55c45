namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>A safetensors file that cannot be read; the message names the file and what is wrong with it.</summary>
public sealed class SafetensorsFormatException : IOException
{
    public SafetensorsFormatException(string path, string problem)
        : base($"{path}: not a valid safetensors file: {problem}")
    {
        FilePath = path;
        Problem = problem;
    }

    public string FilePath { get; }

    public string Problem { get; }
}
