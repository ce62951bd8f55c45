using MarketLab.Experiments.Notebooks;

namespace MarketLab.Experiments.Tests.Notebooks;

/// <summary>notebooks/quickstart.ipynb runs as committed and with a parameter override.</summary>
[Collection(NotebookCollection.Name)]
public class QuickstartNotebookTests
{
    private static string NotebookPath =>
        Path.Combine(RepositoryPaths.FindRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found"),
            "notebooks", "quickstart.ipynb");

    [Fact]
    public async Task QuickstartRunsWithAParameterOverride()
    {
        NotebookRunResult result = await new NotebookRunner().RunFileAsync(NotebookPath, new NotebookRunOptions
        {
            CellTimeout = TimeSpan.FromSeconds(60),
            Parameters = [NotebookParameters.Parse("treatmentRate=0.05")],
        });

        Assert.True(result.Succeeded, result.Message);
        Assert.Empty(NotebookValidator.Validate(NotebookFile.Serialize(result.Notebook)));
        NotebookCell last = result.Notebook.Cells[^1];
        Assert.EndsWith("significant at 0.05: False", last.Outputs.Single().GetData("text/plain"));
        Assert.Contains(result.Notebook.Cells, c => c.Outputs.Any(o => o.GetData("text/html")?.Contains("<th>PValue</th>") == true));
    }
}
