namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// The globals object of every cell: its public members are in scope in notebook code, as
/// <c>display(x)</c> was in Polyglot Notebooks.
/// </summary>
public sealed class NotebookGlobals
{
    internal CellOutputSink? Sink { get; set; }

    /// <summary>Cancelled when the run is cancelled, the cell times out or is interrupted; long cells may poll it.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>
    /// Shows a value below the cell: text/plain, plus text/html or image/svg+xml when it has one. The handle's
    /// <see cref="DisplayHandle.Update"/> replaces it in place.
    /// </summary>
#pragma warning disable IDE1006 // display is lower case, as in Polyglot and Jupyter.
    public DisplayHandle? display(object? value) =>
#pragma warning restore IDE1006
        (ConsoleRouter.Current ?? Sink)?.Display(NotebookFormatter.Format(value));
}
