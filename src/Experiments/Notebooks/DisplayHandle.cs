namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// What <c>display(x)</c> returns: <see cref="Update"/> replaces the shown value in place (Jupyter's
/// update_display_data; in <c>notebook run</c> the cell's earlier output is rewritten).
/// </summary>
public sealed class DisplayHandle
{
    private readonly CellOutputSink sink;

    internal DisplayHandle(CellOutputSink sink, string displayId)
    {
        this.sink = sink;
        DisplayId = displayId;
    }

    public string DisplayId { get; }

    public void Update(object? value) => sink.Update(DisplayId, NotebookFormatter.Format(value));

    public override string ToString() => $"display {DisplayId}";
}
