namespace MarketLab.Experiments.Runs;

/// <summary>
/// An invalid experiment spec. The message starts with <c>FILE:LINE:COLUMN</c> and names the key, so an editor
/// can jump to it, e.g. <c>spec.yaml:7:5: dataset.sead: unknown key; allowed: name, path, split, seed, parameters</c>.
/// </summary>
public sealed class SpecException(string file, int line, int column, string key, string problem)
    : Exception($"{file}:{line}:{column}: {key}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;

    /// <summary>Dotted path of the offending key, e.g. <c>candidates[1].kind</c>.</summary>
    public string Key { get; } = key;
}
