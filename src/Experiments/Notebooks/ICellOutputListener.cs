namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Hears a running cell's outputs as they happen (the Jupyter kernel publishes them on IOPub); calls arrive in
/// output order, from the cell's threads, one at a time. <see cref="ReadInput"/> serves <c>Console.ReadLine</c>.
/// </summary>
public interface ICellOutputListener
{
    /// <summary>Text written to <c>stdout</c> or <c>stderr</c> (already truncated past the sink's limit).</summary>
    void OnStream(string name, string text);

    /// <summary>A <c>display(x)</c> (<paramref name="update"/> false) or a <see cref="DisplayHandle.Update"/> (true).</summary>
    void OnDisplay(NotebookOutput output, string displayId, bool update);

    /// <summary>A line typed by the user for <c>Console.ReadLine</c>, or null when no input can be asked for (end of input).</summary>
    string? ReadInput(string prompt, bool password);
}
