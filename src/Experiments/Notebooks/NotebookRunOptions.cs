namespace MarketLab.Experiments.Notebooks;

/// <summary>How a notebook runs.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>
    /// The notebook's folder: <c>#r</c> and <c>#load</c> paths resolve against it, and it is the current
    /// directory while cells run (the process-wide current directory, restored afterwards). Null: the
    /// current directory is left alone and paths resolve against it.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Longest time one cell may run; null for no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Overrides injected after the cell tagged <c>parameters</c> (see <see cref="NotebookParameters"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];
}
