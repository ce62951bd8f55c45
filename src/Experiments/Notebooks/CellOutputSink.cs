using System.Globalization;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Collects one cell's outputs in the order they happen: stdout and stderr writes (consecutive writes to
/// one stream merge into one output, as Jupyter shows them) interleaved with display calls, and passes each
/// to the <see cref="ICellOutputListener"/> when there is one. Stream text past <see cref="MaxStreamChars"/>
/// per cell is dropped with one note (a cell printing 100 MB neither fills memory nor floods a client).
/// Thread-safe: a cell may write from tasks it starts. Once closed (the cell timed out or was abandoned)
/// further writes are dropped, so the partial notebook being saved no longer changes.
/// </summary>
internal sealed class CellOutputSink(ICellOutputListener? listener = null)
{
    /// <summary>Characters of stdout + stderr kept per cell.</summary>
    public const int MaxStreamChars = 1_000_000;

    private readonly List<NotebookOutput> outputs = [];
    private readonly Dictionary<string, NotebookOutput> displays = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private bool closed, truncated;
    private long streamChars;

    public ICellOutputListener? Listener => listener;

    /// <summary>Drops later writes; <paramref name="last"/>, when given, is the final output (e.g. the timeout error).</summary>
    public void Close(NotebookOutput? last = null)
    {
        lock (gate)
        {
            if (closed) return;
            if (last is not null) outputs.Add(last);
            closed = true;
        }
    }

    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (closed || truncated) return;
            if (streamChars + text.Length > MaxStreamChars)
            {
                truncated = true;
                text = text[..(int)(MaxStreamChars - streamChars)] + string.Create(CultureInfo.InvariantCulture,
                    $"\n[output truncated: this cell wrote more than {MaxStreamChars:N0} characters to stdout/stderr; the rest is dropped]\n");
            }
            streamChars += text.Length;
            if (outputs.Count > 0 && outputs[^1] is { OutputType: NotebookOutputType.Stream } last && last.Name == stream)
                last.Text += text;
            else
                outputs.Add(NotebookOutput.Stream(stream, text));
            listener?.OnStream(stream, text);
        }
    }

    public void Add(NotebookOutput output)
    {
        lock (gate)
        {
            if (!closed) outputs.Add(output);
        }
    }

    /// <summary>Adds a display output under a new display id and returns its handle.</summary>
    public DisplayHandle Display(IReadOnlyDictionary<string, string> data)
    {
        string id = Guid.NewGuid().ToString("N");
        NotebookOutput output = NotebookOutput.Display(data);
        lock (gate)
        {
            if (!closed)
            {
                outputs.Add(output);
                displays[id] = output;
                listener?.OnDisplay(output, id, update: false);
            }
        }
        return new DisplayHandle(this, id);
    }

    /// <summary>Replaces the data of the display <paramref name="displayId"/> (while its cell still runs).</summary>
    public void Update(string displayId, IReadOnlyDictionary<string, string> data)
    {
        NotebookOutput replacement = NotebookOutput.Display(data);
        lock (gate)
        {
            if (closed || !displays.TryGetValue(displayId, out NotebookOutput? shown)) return;
            int index = outputs.IndexOf(shown);
            outputs[index] = replacement;
            displays[displayId] = replacement;
            listener?.OnDisplay(replacement, displayId, update: true);
        }
    }

    public IReadOnlyList<NotebookOutput> Snapshot()
    {
        lock (gate) return [.. outputs];
    }
}
