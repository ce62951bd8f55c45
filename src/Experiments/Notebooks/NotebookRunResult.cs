namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// The executed notebook (partial when the run stopped), the status, and for a failure or timeout the
/// index of the cell (in <see cref="Notebook"/>'s cells, injected parameters included) and a one-line message.
/// </summary>
public sealed record NotebookRunResult(Notebook Notebook, NotebookRunStatus Status, int? CellIndex = null, string? Message = null)
{
    public bool Succeeded => Status == NotebookRunStatus.Succeeded;
}
