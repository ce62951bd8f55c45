using System.Text.Json.Nodes;

namespace MarketLab.Experiments.Notebooks;

/// <summary>An nbformat 4 notebook: metadata and cells. Read and written by <see cref="NotebookFile"/>.</summary>
public sealed class Notebook
{
    public int Nbformat { get; init; } = 4;

    public int NbformatMinor { get; init; } = 5;

    public JsonObject Metadata { get; init; } = [];

    public List<NotebookCell> Cells { get; init; } = [];

    /// <summary>
    /// An empty C# notebook in the Polyglot Notebooks format: kernelspec <c>.net-csharp</c> (VS Code's cue
    /// for .NET), <c>language_info</c> for nbconvert's highlighting, and csharp as the default kernel.
    /// </summary>
    public static Notebook CreateCSharp(params NotebookCell[] cells) => new()
    {
        Metadata = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "C#", ["pygments_lexer"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject
            {
                ["kernelInfo"] = new JsonObject
                {
                    ["defaultKernelName"] = "csharp",
                    ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
                },
            },
        },
        Cells = [.. cells],
    };

    /// <summary>A deep copy (the runner executes a copy, leaving the caller's notebook as it was).</summary>
    public Notebook Clone() => NotebookFile.Parse(NotebookFile.Serialize(this));
}
