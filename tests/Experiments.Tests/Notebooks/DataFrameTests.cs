using MarketLab.Experiments.Data;
using MarketLab.Experiments.Notebooks;
using Microsoft.Data.Analysis;

namespace MarketLab.Experiments.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public class DataFrameTests
{
    [Fact]
    public async Task NotebookRunShowsADataFrameResultAsATableInTheNotebookAndItsHtmlExport()
    {
        NotebookRunResult result = await new NotebookRunner().RunAsync(Notebook.CreateCSharp(
            NotebookCell.Code("new[] { new { Arm = \"control\", Users = 1000 }, new { Arm = \"b\", Users = 990 } }.ToDataFrame()")));

        Assert.True(result.Succeeded, result.Message);
        NotebookOutput output = Assert.Single(result.Notebook.Cells[0].Outputs);
        Assert.Contains("<th>Int32</th>", output.GetData("text/html"), StringComparison.Ordinal);
        string page = NotebookHtmlRenderer.Render(result.Notebook, "frame");
        Assert.Contains("ml-dataframe", page, StringComparison.Ordinal);
        Assert.Contains("2 rows × 2 columns", page, StringComparison.Ordinal);
    }

    private sealed record Arm(string Name, int Users, double Rate, bool Control);

    private static DataFrame Numbers(int rows) => new(new Int32DataFrameColumn("n", Enumerable.Range(0, rows)), new StringDataFrameColumn("s", Enumerable.Range(0, rows).Select(i => $"r{i}")));

    [Fact]
    public void ASmallFrameShowsEveryRowWithTypesAndCount()
    {
        IReadOnlyDictionary<string, string> bundle = NotebookFormatter.Format(Numbers(3));
        string html = bundle["text/html"];
        Assert.Contains("<th>n</th><th>s</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th>Int32</th><th>String</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>r2</td>", html, StringComparison.Ordinal);
        Assert.Contains("3 rows × 2 columns", html, StringComparison.Ordinal);
        string[] lines = bundle["text/plain"].Split('\n');
        Assert.Equal(["n", "s"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["0", "0", "r0"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("3 rows × 2 columns", lines[^1]);
    }

    [Fact]
    public void ALargeFrameShowsHeadAndTailAroundAnElision()
    {
        string html = DataFrameHtml.Html(Numbers(1000));
        Assert.Contains("<td>r9</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>r10</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>…</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>r995</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>r999</td>", html, StringComparison.Ordinal);
        Assert.Contains("1,000 rows × 2 columns", html, StringComparison.Ordinal);
        Assert.Equal(DataFrameHtml.HeadRows + 1 + DataFrameHtml.TailRows + 2, DataFrameHtml.PlainText(Numbers(1000)).Split('\n').Length - 1);
    }

    [Fact]
    public void RecordsBecomeTypedColumns()
    {
        DataFrame frame = new[] { new Arm("control", 1000, 0.05, true), new Arm("b", 990, 0.061, false) }.ToDataFrame();
        Assert.Equal(["Name", "Users", "Rate", "Control"], frame.Columns.Select(c => c.Name));
        Assert.Equal([typeof(string), typeof(int), typeof(double), typeof(bool)], frame.Columns.Select(c => c.DataType));
        Assert.Equal(0.061, (double)frame.Columns["Rate"][1]!);
    }

    [SharedDataFact("text/uci_sentiment_labelled/amazon_cells_labelled.txt")]
    public void ACataloguedHeaderlessTextFileLoadsWithTheCatalogColumns()
    {
        DataFrame frame = DataFrames.Load("uci_sentiment_amazon");
        Assert.Equal(["sentence", "label"], frame.Columns.Select(c => c.Name));
        Assert.Equal(1000, frame.Rows.Count);
        Assert.Equal(typeof(int), frame.Columns["label"].DataType);
    }

    [SharedDataFact("uplift/hillstrom.csv")]
    public void ACataloguedCsvLoadsWithItsHeaderAndARowLimit()
    {
        DataFrame frame = DataFrames.Load("hillstrom", maxRows: 50);
        Assert.Equal(50, frame.Rows.Count);
        Assert.Contains("visit", frame.Columns.Select(c => c.Name));
    }

    [Fact]
    public void AGeneratorHasNoFileToLoad() =>
        Assert.Throws<ArgumentException>(() => DataFrames.Load("synthetic:ab_units"));
}
