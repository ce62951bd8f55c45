using System.Text.Json.Nodes;
using MarketLab.Experiments.Notebooks;

namespace MarketLab.Experiments.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public class NotebookFileTests
{
    [Fact]
    public async Task ExecutedNotebookHasTheRequiredNbformat45Fields()
    {
        NotebookRunResult result = await new NotebookRunner().RunAsync(Notebook.CreateCSharp(
            NotebookCell.Markdown("# Title"),
            NotebookCell.Code("Console.WriteLine(\"hi\");\ndisplay(new[] { 1, 2 });\n3"),
            NotebookCell.Code("throw new Exception(\"x\");")));

        string json = NotebookFile.Serialize(result.Notebook);

        Assert.Empty(NotebookValidator.Validate(json));
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(".net-csharp", (string?)root["metadata"]!["kernelspec"]!["name"]);
        Assert.Equal("csharp", (string?)root["metadata"]!["language_info"]!["pygments_lexer"]);
        Assert.Equal(
            ["stream", "display_data", "execute_result"],
            root["cells"]![1]!["outputs"]!.AsArray().Select(o => (string?)o!["output_type"]));
        Assert.Equal("error", (string?)root["cells"]![2]!["outputs"]![0]!["output_type"]);
    }

    [Fact]
    public void ValidatorReportsMissingFieldsAndBadIds()
    {
        const string json = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
             "cells": [{"cell_type": "code", "id": "a b", "metadata": {}, "source": "", "outputs": [{"output_type": "stream", "name": "stdout"}]},
                       {"cell_type": "markdown", "metadata": {}, "source": "", "outputs": []}]}
            """;

        IReadOnlyList<string> errors = NotebookValidator.Validate(json);

        Assert.Contains("cells[0]: missing required property 'execution_count'", errors);
        Assert.Contains(errors, e => e.StartsWith("cells[0]: id 'a b'", StringComparison.Ordinal));
        Assert.Contains("cells[0].outputs[0]: missing required property 'text'", errors);
        Assert.Contains("cells[1]: missing required property 'id'", errors);
        Assert.Contains("cells[1]: property 'outputs' is not allowed in a markdown cell", errors);
    }

    [Fact]
    public void SourceAsLineListOrStringRoundTrips()
    {
        const string json = """
            {"nbformat": 4, "nbformat_minor": 4, "metadata": {"kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)"}},
             "cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "execution_count": null, "outputs": [],
                        "source": ["var a = 1;\n", "var b = 2;"]},
                       {"cell_type": "markdown", "id": "md1", "metadata": {}, "source": "# Hi\ntext"}]}
            """;

        Notebook notebook = NotebookFile.Parse(json);
        Notebook again = NotebookFile.Parse(NotebookFile.Serialize(notebook));

        Assert.Equal("var a = 1;\nvar b = 2;", again.Cells[0].Source);
        Assert.Equal(["parameters"], again.Cells[0].Tags);
        Assert.Equal("# Hi\ntext", again.Cells[1].Source);
        Assert.Equal("md1", again.Cells[1].Id);
        Assert.Equal(notebook.Cells[0].Id, again.Cells[0].Id);
        Assert.Equal(5, again.NbformatMinor);
        Assert.Empty(NotebookValidator.Validate(NotebookFile.Serialize(again)));
    }

    [Fact]
    public void LinesKeepTheirNewlines()
    {
        Assert.Equal(["a\n", "b\n", "c"], NotebookFile.Lines("a\nb\nc").Select(l => (string?)l));
        Assert.Equal(["a\n"], NotebookFile.Lines("a\n").Select(l => (string?)l));
        Assert.Empty(NotebookFile.Lines(""));
    }
}
