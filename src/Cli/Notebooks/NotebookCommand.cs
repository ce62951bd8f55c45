using System.CommandLine;
using MarketLab.Experiments.Notebooks;

namespace MarketLab.Cli.Notebooks;

/// <summary>
/// <c>marketlab notebook run NB.ipynb [-p name=value ...] [--out executed.ipynb] [--html out.html] [--timeout 120]</c>:
/// runs the notebook's C# cells with the notebook's folder as current directory, writes the executed
/// notebook and the HTML page (also when a cell failed or timed out, so the partial run can be read),
/// and exits 0 only when every cell ran: 1 for a cell error, 2 for bad input, 124 for a timeout.
/// </summary>
internal static class NotebookCommand
{
    public const int CellError = 1;
    public const int InputError = 2;
    public const int TimedOut = 124;

    /// <summary>Set when a cell timed out: its thread still runs, so <see cref="Program.Main"/> exits hard.</summary>
    public static bool HardExitRequested { get; private set; }

    private static readonly Argument<string> Path = new("notebook") { Description = "The .ipynb file to run." };
    private static readonly Option<string[]> Parameters = new("--parameter", "-p")
    {
        Description = "name=value override injected after the cell tagged 'parameters' (repeatable; int, double, bool or string).",
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<string> Out = new("--out") { Description = "Write the executed notebook here (default: NB.executed.ipynb beside the input)." };
    private static readonly Option<string> Html = new("--html") { Description = "Also write a self-contained HTML page here." };
    private static readonly Option<double> Timeout = new("--timeout") { Description = "Per-cell timeout in seconds.", DefaultValueFactory = _ => 600 };

    public static Command Create()
    {
        var run = new Command("run", "Run a C# notebook (.ipynb, Polyglot format) headless.");
        run.Arguments.Add(Path);
        foreach (Option option in new Option[] { Parameters, Out, Html, Timeout })
            run.Options.Add(option);
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            try
            {
                return await ExecuteAsync(parseResult, output, error, cancellationToken);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                error.WriteLine($"marketlab notebook run: {e.Message}");
                return InputError;
            }
        });
        var notebook = new Command("notebook", "Run C# notebooks headless (Roslyn scripting).");
        notebook.Subcommands.Add(run);
        return notebook;
    }

    private static async Task<int> ExecuteAsync(ParseResult parseResult, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string input = parseResult.GetValue(Path)!;
        if (!File.Exists(input))
            throw new FileNotFoundException($"notebook '{input}' does not exist");
        double seconds = parseResult.GetValue(Timeout);
        if (!(seconds > 0))
            throw new ArgumentException($"--timeout must be a positive number of seconds, got {seconds}");
        var options = new NotebookRunOptions
        {
            CellTimeout = TimeSpan.FromSeconds(seconds),
            Parameters = [.. (parseResult.GetValue(Parameters) ?? []).Select(NotebookParameters.Parse)],
        };
        string outPath = parseResult.GetValue(Out) ?? System.IO.Path.ChangeExtension(input, ".executed.ipynb");

        NotebookRunResult result = await new NotebookRunner().RunFileAsync(input, options, cancellationToken);

        NotebookFile.Save(result.Notebook, outPath);
        output.WriteLine($"Wrote {outPath}");
        if (parseResult.GetValue(Html) is { } htmlPath)
        {
            File.WriteAllText(htmlPath, NotebookHtmlRenderer.Render(result.Notebook, System.IO.Path.GetFileNameWithoutExtension(input)));
            output.WriteLine($"Wrote {htmlPath}");
        }
        switch (result.Status)
        {
            case NotebookRunStatus.Succeeded:
                return 0;
            case NotebookRunStatus.TimedOut:
                HardExitRequested = true;
                error.WriteLine($"marketlab notebook run: timed out in {result.Message}");
                return TimedOut;
            default:
                error.WriteLine($"marketlab notebook run: failed in {result.Message}");
                return CellError;
        }
    }
}
