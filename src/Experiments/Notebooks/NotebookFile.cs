using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Reads and writes .ipynb files (nbformat 4; written as 4.5). Multiline fields are read as a string or a
/// list of strings and written as line lists, keys sorted and one-space indents, as Jupyter writes them.
/// </summary>
public static class NotebookFile
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Notebook Load(string path) => Parse(File.ReadAllText(path));

    public static void Save(Notebook notebook, string path) => File.WriteAllText(path, Serialize(notebook) + "\n");

    /// <summary>Parses notebook JSON; throws <see cref="FormatException"/> naming the missing or bad field.</summary>
    public static Notebook Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("a notebook must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON: {e.Message}", e);
        }
        int nbformat = Int(root, "nbformat") ?? throw new FormatException("missing nbformat");
        if (nbformat != 4)
            throw new FormatException($"nbformat {nbformat} is not supported (only 4)");
        var cells = root["cells"] as JsonArray ?? throw new FormatException("missing cells");
        return new Notebook
        {
            Nbformat = nbformat,
            NbformatMinor = Int(root, "nbformat_minor") ?? 0,
            Metadata = Clone(root["metadata"] as JsonObject),
            Cells = [.. cells.Select((c, i) => ReadCell(c as JsonObject ?? throw new FormatException($"cell {i} is not an object"), i))],
        };
    }

    public static string Serialize(Notebook notebook)
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray([.. notebook.Cells.Select(c => (JsonNode?)WriteCell(c))]),
            ["metadata"] = Clone(notebook.Metadata),
            ["nbformat"] = 4,
            // Cell ids are written, so the file is 4.5 even when read from an older minor version.
            ["nbformat_minor"] = Math.Max(5, notebook.NbformatMinor),
        };
        return Sorted(root)!.ToJsonString(WriteOptions);
    }

    private static NotebookCell ReadCell(JsonObject json, int index)
    {
        string type = Str(json, "cell_type") ?? throw new FormatException($"cell {index} has no cell_type");
        var cellType = type switch
        {
            "code" => NotebookCellType.Code,
            "markdown" => NotebookCellType.Markdown,
            "raw" => NotebookCellType.Raw,
            _ => throw new FormatException($"cell {index} has cell_type '{type}' (allowed: code, markdown, raw)"),
        };
        return new NotebookCell
        {
            // Notebooks before 4.5 have no ids; give them one so the written file is valid 4.5.
            Id = Str(json, "id") ?? NotebookCell.NewId(),
            CellType = cellType,
            Source = Multiline(json["source"]),
            Metadata = Clone(json["metadata"] as JsonObject),
            Attachments = json["attachments"] is JsonObject a ? Clone(a) : null,
            ExecutionCount = Int(json, "execution_count"),
            Outputs = json["outputs"] is JsonArray outputs ? [.. outputs.OfType<JsonObject>().Select(ReadOutput)] : [],
        };
    }

    private static NotebookOutput ReadOutput(JsonObject json) => Str(json, "output_type") switch
    {
        "stream" => NotebookOutput.Stream(Str(json, "name") ?? "stdout", Multiline(json["text"])),
        "error" => NotebookOutput.Error(Str(json, "ename") ?? "", Str(json, "evalue") ?? "",
            json["traceback"] is JsonArray t ? [.. t.Select(l => l?.GetValue<string>() ?? "")] : []),
        var kind and ("display_data" or "execute_result") => new NotebookOutput
        {
            OutputType = kind == "display_data" ? NotebookOutputType.DisplayData : NotebookOutputType.ExecuteResult,
            Data = ReadData(json["data"] as JsonObject),
            Metadata = Clone(json["metadata"] as JsonObject),
            ExecutionCount = Int(json, "execution_count"),
        },
        var other => throw new FormatException($"output_type '{other}' is not one of stream, display_data, execute_result, error"),
    };

    private static JsonObject ReadData(JsonObject? data)
    {
        var result = new JsonObject();
        foreach (var (mime, value) in data ?? [])
            result[mime] = IsJsonMime(mime) ? value?.DeepClone() : Multiline(value);
        return result;
    }

    private static JsonObject WriteCell(NotebookCell cell)
    {
        var json = new JsonObject
        {
            ["cell_type"] = cell.CellType.ToString().ToLowerInvariant(),
            ["id"] = cell.Id,
            ["metadata"] = Clone(cell.Metadata),
            ["source"] = Lines(cell.Source),
        };
        if (cell.CellType == NotebookCellType.Code)
        {
            json["execution_count"] = cell.ExecutionCount;
            json["outputs"] = new JsonArray([.. cell.Outputs.Select(o => (JsonNode?)WriteOutput(o))]);
        }
        else if (cell.Attachments is not null)
        {
            json["attachments"] = Clone(cell.Attachments);
        }
        return json;
    }

    private static JsonObject WriteOutput(NotebookOutput output) => output.OutputType switch
    {
        NotebookOutputType.Stream => new JsonObject { ["output_type"] = "stream", ["name"] = output.Name, ["text"] = Lines(output.Text ?? "") },
        NotebookOutputType.Error => new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = output.Ename ?? "",
            ["evalue"] = output.Evalue ?? "",
            ["traceback"] = new JsonArray([.. output.Traceback.Select(l => (JsonNode?)l)]),
        },
        NotebookOutputType.DisplayData => new JsonObject { ["output_type"] = "display_data", ["data"] = WriteData(output.Data), ["metadata"] = Clone(output.Metadata) },
        _ => new JsonObject
        {
            ["output_type"] = "execute_result",
            ["data"] = WriteData(output.Data),
            ["metadata"] = Clone(output.Metadata),
            ["execution_count"] = output.ExecutionCount,
        },
    };

    private static JsonObject WriteData(JsonObject data)
    {
        var result = new JsonObject();
        foreach (var (mime, value) in data)
            result[mime] = !IsJsonMime(mime) && value is JsonValue v && v.TryGetValue(out string? text) ? Lines(text) : value?.DeepClone();
        return result;
    }

    // nbformat: application/json and +json types hold JSON, everything else a (multiline) string.
    private static bool IsJsonMime(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    /// <summary>Splits text into Jupyter's line list: every line keeps its "\n" except the last.</summary>
    internal static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    private static string Multiline(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => node.ToJsonString(),
    };

    private static string? Str(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static int? Int(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue(out int i) ? i : null;

    private static JsonObject Clone(JsonObject? json) => json?.DeepClone().AsObject() ?? [];

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
