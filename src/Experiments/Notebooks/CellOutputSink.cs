namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Collects one cell's outputs in the order they happen: stdout and stderr writes (consecutive writes to
/// one stream merge into one output, as Jupyter shows them) interleaved with display calls.
/// Thread-safe: a cell may write from tasks it starts.
/// </summary>
internal sealed class CellOutputSink
{
    private readonly List<NotebookOutput> outputs = [];
    private readonly Lock gate = new();

    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (outputs.Count > 0 && outputs[^1] is { OutputType: NotebookOutputType.Stream } last && last.Name == stream)
                last.Text += text;
            else
                outputs.Add(NotebookOutput.Stream(stream, text));
        }
    }

    public void Add(NotebookOutput output)
    {
        lock (gate) outputs.Add(output);
    }

    public IReadOnlyList<NotebookOutput> Snapshot()
    {
        lock (gate) return [.. outputs];
    }
}
