using MarketLab.Experiments.Notebooks;

namespace MarketLab.Experiments.Tests.Notebooks;

public class LoopInstrumenterTests
{
    private const string Check = "global::MarketLab.Experiments.Notebooks.CellInterruption.Check();";

    [Theory]
    [InlineData("while (true) {}")]
    [InlineData("do { x++; } while (x < 3);")]
    [InlineData("for (;;) x++;")]
    [InlineData("foreach (var v in items) Console.WriteLine(v);")]
    [InlineData("foreach (var (a, b) in pairs) { }")]
    public void EveryLoopBodyStartsWithTheCheck(string code) =>
        Assert.Contains("{" + Check, LoopInstrumenter.Instrument(code).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

    [Fact]
    public void LineBreaksAreKeptSoDiagnosticsKeepTheirLines()
    {
        const string code = "var n = 0;\nwhile (n < 3)\n{\n    n++;\n}\nfor (int i = 0; i < 2; i++)\n    n += i;\nn";
        string instrumented = LoopInstrumenter.Instrument(code);
        Assert.Equal(code.Count(c => c == '\n'), instrumented.Count(c => c == '\n'));
        Assert.Equal(2, instrumented.Split(Check).Length - 1);
        Assert.EndsWith("\nn", instrumented, StringComparison.Ordinal);
    }

    [Fact]
    public void NestedLoopsAndLambdasAreInstrumented()
    {
        string instrumented = LoopInstrumenter.Instrument("Action a = () => { while (true) { for (;;) { } } };");
        Assert.Equal(2, instrumented.Split(Check).Length - 1);
    }

    [Fact]
    public void CodeWithoutLoopsIsUnchanged() =>
        Assert.Equal("var x = 1; // no loop here", LoopInstrumenter.Instrument("var x = 1; // no loop here"));
}
