using MarketLab.Experiments.Notebooks;

namespace MarketLab.Experiments.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public class NotebookParametersTests
{
    [Theory]
    [InlineData("7", "7")]
    [InlineData("-3", "-3")]
    [InlineData("5000000000", "5000000000L")]
    [InlineData("2.5", "2.5")]
    [InlineData("1e-3", "0.001")]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("control", "\"control\"")]
    [InlineData("a \"quoted\"\nline", "\"a \\\"quoted\\\"\\nline\"")]
    [InlineData("NaN", "\"NaN\"")]
    public void ValuesBecomeCSharpLiterals(string value, string literal) => Assert.Equal(literal, NotebookParameters.Literal(value));

    [Fact]
    public void BadNamesAreRejected()
    {
        var notebook = Notebook.CreateCSharp(NotebookCell.Code("var x = 1;", "parameters"));
        Assert.Throws<ArgumentException>(() => NotebookParameters.Inject(notebook, [KeyValuePair.Create("class", "1")]));
        Assert.Throws<ArgumentException>(() => NotebookParameters.Parse("novalue"));
    }

    [Fact]
    public async Task OverridesAreInjectedAfterTheParametersCell()
    {
        var notebook = Notebook.CreateCSharp(
            NotebookCell.Code("var before = 1;"),
            NotebookCell.Code("var days = 14;\nvar arm = \"control\";\nvar alpha = 0.05;", "parameters"),
            NotebookCell.Code("$\"{days} {arm} {alpha} {days.GetType().Name}\""));

        NotebookRunResult result = await new NotebookRunner().RunAsync(notebook, new NotebookRunOptions
        {
            Parameters = [NotebookParameters.Parse("days=7"), NotebookParameters.Parse("arm=b=2")],
        });

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(4, result.Notebook.Cells.Count);
        Assert.Equal([NotebookParameters.InjectedTag], result.Notebook.Cells[2].Tags);
        Assert.Equal("7 b=2 0.05 Int32", result.Notebook.Cells[3].Outputs.Single().GetData("text/plain"));
        Assert.Equal(3, notebook.Cells.Count);
    }
}
