using System.Text.Json.Nodes;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// One nbformat 4.5 cell. <see cref="Source"/> is one string (line lists are joined on read and split on
/// write); <see cref="Outputs"/> and <see cref="ExecutionCount"/> belong to code cells only.
/// </summary>
public sealed class NotebookCell
{
    public required string Id { get; set; }

    public required NotebookCellType CellType { get; init; }

    public string Source { get; set; } = "";

    public JsonObject Metadata { get; init; } = [];

    public List<NotebookOutput> Outputs { get; init; } = [];

    public int? ExecutionCount { get; set; }

    /// <summary>Markdown and raw cells may carry attachments (kept as read).</summary>
    public JsonObject? Attachments { get; init; }

    /// <summary>The cell's <c>metadata.tags</c>.</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? [.. tags.Select(t => t?.GetValue<string>() ?? "")] : [];

    /// <summary>
    /// The Polyglot kernel of a code cell (<c>metadata.polyglot_notebook.kernelName</c>, else the older
    /// <c>metadata.dotnet_interactive.language</c>), or null when the notebook does not say.
    /// </summary>
    public string? KernelName =>
        (Metadata["polyglot_notebook"]?["kernelName"] ?? Metadata["dotnet_interactive"]?["language"]) is JsonValue v
        && v.TryGetValue(out string? name) ? name : null;

    /// <summary>A C# code cell in the Polyglot format, with optional tags (e.g. <c>parameters</c>).</summary>
    public static NotebookCell Code(string source, params string[] tags)
    {
        var metadata = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } };
        if (tags.Length > 0)
            metadata["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]);
        return new NotebookCell { Id = NewId(), CellType = NotebookCellType.Code, Source = source, Metadata = metadata };
    }

    public static NotebookCell Markdown(string source) =>
        new() { Id = NewId(), CellType = NotebookCellType.Markdown, Source = source };

    /// <summary>A fresh cell id: 8 hex digits, as Jupyter makes them (pattern ^[a-zA-Z0-9-_]+$, 1-64 chars).</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..8];
}
