using MarketLab.Experiments.Notebooks;

namespace MarketLab.Experiments.Tests.Notebooks;

/// <summary>The shared cell engine as the kernel drives it: interrupts, display updates, console input, output cap, completion.</summary>
[Collection(NotebookCollection.Name)]
public class CellExecutorTests
{
    [Fact]
    public async Task InterruptStopsAnEndlessLoopAndKeepsEarlierState()
    {
        var executor = new CellExecutor();
        Assert.True((await executor.RunAsync("var kept = 41;")).Succeeded);

        Task<CellResult> running = executor.RunAsync("while (true) { }");
        await Task.Delay(500);
        executor.Interrupt();
        CellResult interrupted = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(NotebookRunStatus.Interrupted, interrupted.Status);
        Assert.Equal(nameof(CellInterruptedException), interrupted.Error!.Ename);
        CellResult next = await executor.RunAsync("kept + 1");
        Assert.Equal("42", next.Result!["text/plain"]);
    }

    [Fact]
    public async Task InterruptStopsLoopsInsideMethodsDeclaredInCells()
    {
        var executor = new CellExecutor();
        await executor.RunAsync("static long Spin() { long n = 0; for (;;) n++; }");
        Task<CellResult> running = executor.RunAsync("Spin()");
        await Task.Delay(500);
        executor.Interrupt();
        CellResult result = await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(NotebookRunStatus.Interrupted, result.Status);
        Assert.Contains(result.Outputs, o => o.OutputType == NotebookOutputType.Error);
    }

    [Fact]
    public async Task DisplayHandleUpdateReplacesTheShownValue()
    {
        var listener = new RecordingListener();
        CellResult result = await new CellExecutor().RunAsync("var h = display(1); h.Update(2);", listener: listener);

        NotebookOutput shown = Assert.Single(result.Outputs);
        Assert.Equal("2", shown.GetData("text/plain"));
        Assert.Equal(["display 1", "update 2"], listener.Events);
    }

    [Fact]
    public async Task ConsoleReadLineAsksTheListenerAndIsEndOfInputWithoutOne()
    {
        var executor = new CellExecutor();
        CellResult asked = await executor.RunAsync("Console.ReadLine() + \"!\"", listener: new RecordingListener { Input = "typed" });
        Assert.Equal("typed!", asked.Result!["text/plain"]);

        CellResult headless = await executor.RunAsync("Console.ReadLine() is null");
        Assert.Equal("True", headless.Result!["text/plain"]);
    }

    [Fact]
    public async Task StreamOutputIsCappedWithANoteAndTheCellStillSucceeds()
    {
        CellResult result = await new CellExecutor().RunAsync("Console.Write(new string('x', 3_000_000)); Console.WriteLine(\"after\"); 1");

        Assert.True(result.Succeeded, result.Message);
        string text = Assert.Single(result.Outputs).Text!;
        Assert.InRange(text.Length, CellOutputSink.MaxStreamChars, CellOutputSink.MaxStreamChars + 200);
        Assert.Contains("[output truncated", text, StringComparison.Ordinal);
        Assert.DoesNotContain("after", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletionSeesFrameworkMarketLabAndEarlierCellSymbols()
    {
        var executor = new CellExecutor();
        await executor.RunAsync("var conversions = 12;");

        Assert.Contains("Console", executor.Complete("Consol", 6).Matches);
        Assert.Contains("SufficientStatistics", executor.Complete("SufficientStat", 14).Matches);
        Assert.Contains("conversions", executor.Complete("conv", 4).Matches);
        CellCompletions members = executor.Complete("Console.WriteL", 14);
        Assert.Equal(["WriteLine"], members.Matches);
        Assert.Equal((8, 14), (members.Start, members.End));
    }

    [Fact]
    public async Task InspectDescribesTheSymbolUnderTheCursor()
    {
        var executor = new CellExecutor();
        await executor.RunAsync("var rate = 0.5;");
        Assert.Contains("System.Console", executor.Inspect("Console.WriteLine()", 2), StringComparison.Ordinal);
        Assert.Contains("double", executor.Inspect("rate", 2), StringComparison.Ordinal);
        Assert.Null(executor.Inspect("   ", 1));
    }

    [Theory]
    [InlineData("var a = 1;", CellCompleteness.Complete)]
    [InlineData("1 + 1", CellCompleteness.Complete)]
    [InlineData("for (int i = 0; i < 3; i++) {", CellCompleteness.Incomplete)]
    [InlineData("var s = \"open", CellCompleteness.Incomplete)]
    [InlineData("var = ) 1;", CellCompleteness.Invalid)]
    public void IsCompleteReadsTheSyntaxTree(string code, CellCompleteness expected) =>
        Assert.Equal(expected, CellIntellisense.IsComplete(code));

    private sealed class RecordingListener : ICellOutputListener
    {
        public List<string> Events { get; } = [];

        public string? Input { get; init; }

        public void OnStream(string name, string text) => Events.Add($"{name} {text}");

        public void OnDisplay(NotebookOutput output, string displayId, bool update) =>
            Events.Add($"{(update ? "update" : "display")} {output.GetData("text/plain")}");

        public string? ReadInput(string prompt, bool password) => Input;
    }
}
