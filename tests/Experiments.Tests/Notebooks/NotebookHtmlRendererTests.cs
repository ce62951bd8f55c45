using MarketLab.Experiments.Notebooks;

namespace MarketLab.Experiments.Tests.Notebooks;

public class NotebookHtmlRendererTests
{
    [Fact]
    public void RendersMarkdownEscapedCodeAndOutputsByMimeType()
    {
        NotebookCell code = NotebookCell.Code("if (a < b) Console.WriteLine(\"<x>\");");
        code.ExecutionCount = 1;
        code.Outputs.Add(NotebookOutput.Stream("stdout", "<x>\n"));
        code.Outputs.Add(NotebookOutput.Display(new Dictionary<string, string> { ["text/plain"] = "t", ["image/svg+xml"] = "<svg id=\"s\"></svg>" }));
        code.Outputs.Add(NotebookOutput.Error("InvalidOperationException", "bad <thing>", ["InvalidOperationException: bad <thing>"]));
        var notebook = Notebook.CreateCSharp(NotebookCell.Markdown("# Uplift\n\n| a | b |\n|---|---|\n| 1 | 2 |"), code);

        string html = NotebookHtmlRenderer.Render(notebook, "demo <1>");

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>demo &lt;1&gt;</title>", html);
        Assert.Contains("<h1 id=\"uplift\">Uplift</h1>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("if (a &lt; b) Console.WriteLine(&quot;&lt;x&gt;&quot;);", html);
        Assert.Contains("<pre>&lt;x&gt;\n</pre>", html);
        Assert.Contains("<svg id=\"s\"></svg>", html);
        Assert.Contains("bad &lt;thing&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http", html.Replace("http://www.w3.org", "", StringComparison.Ordinal));
    }
}
