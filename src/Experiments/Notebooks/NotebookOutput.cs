using System.Text.Json.Nodes;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// One output of a code cell (nbformat 4.5): a stream (<see cref="Name"/>, <see cref="Text"/>), a rich
/// display or execute result (<see cref="Data"/> keyed by MIME type, strings joined from line lists),
/// or an error (<see cref="Ename"/>, <see cref="Evalue"/>, <see cref="Traceback"/>).
/// </summary>
public sealed class NotebookOutput
{
    public required NotebookOutputType OutputType { get; init; }

    /// <summary>Stream name: <c>stdout</c> or <c>stderr</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Stream text; appended to while a cell runs.</summary>
    public string? Text { get; set; }

    /// <summary>MIME bundle of display_data / execute_result. JSON MIME types keep their JSON value.</summary>
    public JsonObject Data { get; init; } = [];

    public JsonObject Metadata { get; init; } = [];

    public int? ExecutionCount { get; init; }

    public string? Ename { get; init; }

    public string? Evalue { get; init; }

    public IReadOnlyList<string> Traceback { get; init; } = [];

    /// <summary>The string held under a MIME type, or null.</summary>
    public string? GetData(string mimeType) =>
        Data.TryGetPropertyValue(mimeType, out JsonNode? node) && node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public static NotebookOutput Stream(string name, string text) =>
        new() { OutputType = NotebookOutputType.Stream, Name = name, Text = text };

    public static NotebookOutput Display(IReadOnlyDictionary<string, string> data) =>
        new() { OutputType = NotebookOutputType.DisplayData, Data = ToJson(data) };

    public static NotebookOutput Result(IReadOnlyDictionary<string, string> data, int executionCount) =>
        new() { OutputType = NotebookOutputType.ExecuteResult, Data = ToJson(data), ExecutionCount = executionCount };

    public static NotebookOutput Error(string ename, string evalue, IReadOnlyList<string> traceback) =>
        new() { OutputType = NotebookOutputType.Error, Ename = ename, Evalue = evalue, Traceback = traceback };

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> data)
    {
        var json = new JsonObject();
        foreach (var (mime, text) in data)
            json[mime] = text;
        return json;
    }
}
