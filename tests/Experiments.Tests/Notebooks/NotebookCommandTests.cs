using MarketLab.Experiments.Notebooks;
using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public class NotebookCommandTests
{
    [Fact]
    public void RunWritesTheExecutedNotebookAndHtml()
    {
        using var cli = new CliRunner();
        File.WriteAllText(cli.PathOf("data.txt"), "from the notebook folder");
        string input = cli.PathOf("nb.ipynb");
        NotebookFile.Save(Notebook.CreateCSharp(
            NotebookCell.Code("var n = 2;", "parameters"),
            NotebookCell.Code("Console.WriteLine(File.ReadAllText(\"data.txt\"));\nn * 10")), input);

        var (exit, _, error) = cli.Run("notebook", "run", input, "-p", "n=5", "--out", cli.PathOf("out.ipynb"), "--html", cli.PathOf("out.html"));

        Assert.True(exit == 0, error);
        Notebook executed = NotebookFile.Load(cli.PathOf("out.ipynb"));
        Assert.Equal("from the notebook folder\n", executed.Cells[2].Outputs[0].Text);
        Assert.Equal("50", executed.Cells[2].Outputs[1].GetData("text/plain"));
        Assert.Contains("from the notebook folder", File.ReadAllText(cli.PathOf("out.html")));
    }

    [Fact]
    public void CellErrorExitsNonZeroAndStillWritesTheNotebook()
    {
        using var cli = new CliRunner();
        string input = cli.PathOf("bad.ipynb");
        NotebookFile.Save(Notebook.CreateCSharp(NotebookCell.Code("throw new Exception(\"nope\");")), input);

        var (exit, _, error) = cli.Run("notebook", "run", input, "--out", cli.PathOf("out.ipynb"));

        Assert.Equal(1, exit);
        Assert.StartsWith("marketlab notebook run: failed in cell 1", error);
        Assert.Equal("nope", NotebookFile.Load(cli.PathOf("out.ipynb")).Cells[0].Outputs.Single().Evalue);
    }

    [Fact]
    public void MissingNotebookIsAnInputError()
    {
        using var cli = new CliRunner();

        var (exit, _, error) = cli.Run("notebook", "run", cli.PathOf("missing.ipynb"));

        Assert.Equal(2, exit);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
