using MarketLab.Experiments.Notebooks;

namespace MarketLab.Experiments.Tests.Notebooks;

/// <summary>
/// Every committed notebook is valid nbformat 4.5 in the Polyglot C# format with one papermill-style
/// parameters cell (CI executes them all in .ci/run step 4; here only their shape is checked, in milliseconds).
/// </summary>
public class NotebookFolderTests
{
    private static string Folder =>
        Path.Combine(RepositoryPaths.FindRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found"), "notebooks");

    private static string[] Names() => [.. Directory.GetFiles(Folder, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public static TheoryData<string> Notebooks() => new(Names());

    [Fact]
    public void EveryScenarioHasANotebook()
    {
        Assert.Equal(
            ["campaign-ab.ipynb", "coupon-uplift-hillstrom.ipynb", "ctr-prediction.ipynb", "customer-service-intent.ipynb", "quickstart.ipynb", "recommendation.ipynb", "review-sentiment.ipynb"],
            Names());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void NotebookIsPolyglotCSharpWithAParametersCell(string name)
    {
        string path = Path.Combine(Folder, name);
        string json = File.ReadAllText(path);

        Assert.Empty(NotebookValidator.Validate(json));
        Notebook notebook = NotebookFile.Parse(json);
        Assert.Equal(".net-csharp", notebook.Metadata["kernelspec"]?["name"]?.GetValue<string>());
        var code = notebook.Cells.Where(c => c.CellType == NotebookCellType.Code).ToList();
        Assert.All(code, c => Assert.Equal("csharp", c.KernelName));
        Assert.All(code, c => Assert.Empty(c.Outputs));
        Assert.Single(code, c => c.Tags.Contains("parameters"));
        Assert.True(notebook.Cells[0].CellType == NotebookCellType.Markdown, "a notebook opens with a markdown cell explaining it");
        Assert.True(notebook.Cells.Count(c => c.CellType == NotebookCellType.Markdown) >= 3, "markdown cells explain the steps");
    }
}
