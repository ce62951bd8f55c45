using MarketLab.Experiments.Notebooks;

namespace MarketLab.Experiments.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public class NotebookRunnerTests
{
    private static readonly NotebookRunner Runner = new();

    private static Task<NotebookRunResult> Run(params NotebookCell[] cells) => Runner.RunAsync(Notebook.CreateCSharp(cells));

    [Fact]
    public async Task StateCarriesAcrossCells()
    {
        NotebookRunResult result = await Run(
            NotebookCell.Code("var x = 20;"),
            NotebookCell.Markdown("# between"),
            NotebookCell.Code("int Twice(int v) => 2 * v;"),
            NotebookCell.Code("Twice(x) + 2"));

        Assert.True(result.Succeeded, result.Message);
        NotebookOutput output = Assert.Single(result.Notebook.Cells[3].Outputs);
        Assert.Equal(NotebookOutputType.ExecuteResult, output.OutputType);
        Assert.Equal("42", output.GetData("text/plain"));
        Assert.Equal(3, output.ExecutionCount);
        Assert.Equal([1, null, 2, 3], result.Notebook.Cells.Select(c => c.ExecutionCount));
        var timing = result.Notebook.Cells[3].Metadata["execution"]!;
        DateTimeOffset started = DateTimeOffset.Parse(timing["iopub.execute_input"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset finished = DateTimeOffset.Parse(timing["shell.execute_reply"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(finished - started, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.Null(result.Notebook.Cells[1].Metadata["execution"]);
    }

    [Fact]
    public async Task CompileErrorIsAnErrorOutputAndStopsTheRun()
    {
        NotebookRunResult result = await Run(
            NotebookCell.Code("var a = 1;"),
            NotebookCell.Code("var b = undefinedName + 1;"),
            NotebookCell.Code("Console.WriteLine(\"never\");"));

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal(1, result.CellIndex);
        NotebookOutput error = Assert.Single(result.Notebook.Cells[1].Outputs);
        Assert.Equal(NotebookOutputType.Error, error.OutputType);
        Assert.Equal("CompilationErrorException", error.Ename);
        Assert.Contains("CS0103", error.Evalue);
        Assert.Contains("undefinedName", error.Evalue);
        Assert.Empty(result.Notebook.Cells[2].Outputs);
        Assert.Null(result.Notebook.Cells[2].ExecutionCount);
    }

    [Fact]
    public async Task RuntimeExceptionIsAnErrorOutputAfterEarlierStdout()
    {
        NotebookRunResult result = await Run(
            NotebookCell.Code("Console.WriteLine(\"before\");\nthrow new InvalidOperationException(\"boom\");"),
            NotebookCell.Code("1"));

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal(0, result.CellIndex);
        var outputs = result.Notebook.Cells[0].Outputs;
        Assert.Equal([NotebookOutputType.Stream, NotebookOutputType.Error], outputs.Select(o => o.OutputType));
        Assert.Equal("before\n", outputs[0].Text);
        Assert.Equal("InvalidOperationException", outputs[1].Ename);
        Assert.Equal("boom", outputs[1].Evalue);
        Assert.NotEmpty(outputs[1].Traceback);
        Assert.Empty(result.Notebook.Cells[1].Outputs);
    }

    [Fact]
    public async Task CellPastTheTimeoutIsStoppedWithAPartialNotebook()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        NotebookRunResult result = await Runner.RunAsync(
            Notebook.CreateCSharp(
                NotebookCell.Code("Console.WriteLine(\"fast\");"),
                NotebookCell.Code("Console.WriteLine(\"sleeping\");\nSystem.Threading.Thread.Sleep(60_000);"),
                NotebookCell.Code("Console.WriteLine(\"never\");")),
            // 10 s, not 1: the first cell compiles the script (Roslyn), which took over a second on a loaded CI machine
            // and timed the wrong cell out. The sleeping cell would run 60 s, so stopping well before shows the timeout.
            new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(10) });

        Assert.Equal(NotebookRunStatus.TimedOut, result.Status);
        Assert.Equal(1, result.CellIndex);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(45), $"took {watch.Elapsed}");
        Assert.Equal("fast\n", Assert.Single(result.Notebook.Cells[0].Outputs).Text);
        var outputs = result.Notebook.Cells[1].Outputs;
        Assert.Equal("sleeping\n", outputs[0].Text);
        Assert.Equal("TimeoutException", outputs[^1].Ename);
        Assert.Empty(result.Notebook.Cells[2].Outputs);

    }

    [Fact]
    public async Task StdoutStderrAndDisplayKeepTheirOrder()
    {
        NotebookRunResult result = await Run(NotebookCell.Code("""
            Console.WriteLine("one");
            Console.Write("two");
            Console.WriteLine();
            Console.Error.WriteLine("oops");
            display("shown");
            Console.WriteLine("three");
            """));

        Assert.True(result.Succeeded, result.Message);
        var outputs = result.Notebook.Cells[0].Outputs;
        Assert.Equal(
            [(NotebookOutputType.Stream, "one\ntwo\n"), (NotebookOutputType.Stream, "oops\n"), (NotebookOutputType.DisplayData, "shown"), (NotebookOutputType.Stream, "three\n")],
            outputs.Select(o => (o.OutputType, o.Text ?? o.GetData("text/plain"))));
        Assert.Equal(["stdout", "stderr", null, "stdout"], outputs.Select(o => o.Name));
    }

    [Fact]
    public async Task DisplayOfRecordsIsAnHtmlTable()
    {
        NotebookRunResult result = await Run(
            NotebookCell.Code("record Arm(string Name, int Users, double Rate);"),
            NotebookCell.Code("display(new[] { new Arm(\"control\", 100, 0.1), new Arm(\"b<1>\", 120, 0.125) });"));

        Assert.True(result.Succeeded, result.Message);
        string html = Assert.Single(result.Notebook.Cells[1].Outputs).GetData("text/html")!;
        Assert.Contains("<th>Name</th><th>Users</th><th>Rate</th>", html);
        Assert.Contains("<td>control</td><td>100</td><td>0.1</td>", html);
        Assert.Contains("<td>b&lt;1&gt;</td>", html);
    }

    [Fact]
    public async Task SvgStringAndToHtmlAreRichOutputs()
    {
        NotebookRunResult result = await Run(
            NotebookCell.Code("display(\"<svg xmlns='http://www.w3.org/2000/svg'><circle r='4'/></svg>\");"),
            NotebookCell.Code("class Badge { public string ToHtml() => \"<b>ok</b>\"; }\nnew Badge()"));

        Assert.True(result.Succeeded, result.Message);
        Assert.StartsWith("<svg", Assert.Single(result.Notebook.Cells[0].Outputs).GetData("image/svg+xml"));
        NotebookOutput badge = Assert.Single(result.Notebook.Cells[1].Outputs);
        Assert.Equal(NotebookOutputType.ExecuteResult, badge.OutputType);
        Assert.Equal("<b>ok</b>", badge.GetData("text/html"));
    }

    [Fact]
    public async Task ScottPlotChartFromTheReportLibraryIsAnSvgOutput()
    {
        NotebookRunResult result = await Run(NotebookCell.Code("""
            using MarketLab.Experiments.Reports;
            using MarketLab.Experiments.Runs;
            display(Charts.Curves("gain", [new CurveSeries("c", "model", "targeted", "gain", [0, 1, 2], [0, 3, 4])]));
            """));

        Assert.True(result.Succeeded, result.Message);
        string svg = Assert.Single(result.Notebook.Cells[0].Outputs).GetData("image/svg+xml")!;
        Assert.StartsWith("<svg", svg);
        Assert.Contains("</svg>", svg);
    }

    [Fact]
    public async Task CellsCallTheEvaluationLibrary()
    {
        NotebookRunResult result = await Run(NotebookCell.Code("Math.Round(Normal.Cdf(1.96), 4)"));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("0.975", Assert.Single(result.Notebook.Cells[0].Outputs).GetData("text/plain"));
    }

    [Fact]
    public async Task UnknownMagicCommandIsAnErrorNamingIt()
    {
        NotebookRunResult result = await Run(NotebookCell.Code("var a = 1;\n#!time\na"));

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        NotebookOutput error = Assert.Single(result.Notebook.Cells[0].Outputs);
        Assert.Equal("NotSupportedException", error.Ename);
        Assert.Contains("line 2", error.Evalue);
        Assert.Contains("#!time", error.Evalue);
    }

    [Fact]
    public async Task CSharpKernelLineIsAccepted()
    {
        NotebookRunResult result = await Run(NotebookCell.Code("#!csharp\n6 * 7"));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("42", Assert.Single(result.Notebook.Cells[0].Outputs).GetData("text/plain"));
    }
}
