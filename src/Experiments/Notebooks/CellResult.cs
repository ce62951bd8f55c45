namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// One executed cell: its status, a one-line message when it did not succeed, its outputs in order (streams,
/// displays, and the error output last when it failed), and the formatted value of its last expression.
/// </summary>
public sealed record CellResult(
    NotebookRunStatus Status, string? Message, IReadOnlyList<NotebookOutput> Outputs, IReadOnlyDictionary<string, string>? Result)
{
    public bool Succeeded => Status == NotebookRunStatus.Succeeded;

    /// <summary>The error output of a failed, timed-out or interrupted cell.</summary>
    public NotebookOutput? Error => Outputs.LastOrDefault(o => o.OutputType == NotebookOutputType.Error);
}
