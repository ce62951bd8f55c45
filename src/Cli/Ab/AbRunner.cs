using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;
using Spectre.Console;

namespace MarketLab.Cli.Ab;

/// <summary>Runs the library's <see cref="AbAnalysis"/> on an aggregated log and reports the result.</summary>
internal static class AbRunner
{
    public static ExperimentResult Analyze(AbRequest request, UnitLogAggregate aggregate) =>
        AbAnalysis.Analyze(aggregate.ToExperimentData(), request.Control, aggregate.MetricSpecs(), request.Options());

    public static int Run(AbRequest request, UnitLogAggregate aggregate, TextWriter output)
    {
        ExperimentResult result = Analyze(request, aggregate);
        AbTable.Render(ConsoleFor(output), request, result);
        if (request.JsonPath is { } path)
        {
            AbJsonReport.Write(path, request, result);
            output.WriteLine($"Wrote {path}");
        }
        return 0;
    }

    private static IAnsiConsole ConsoleFor(TextWriter output)
    {
        if (ReferenceEquals(output, Console.Out))
        {
            // Piped output would wrap at 80 columns; a wider table stays readable in files and CI logs.
            if (Console.IsOutputRedirected) AnsiConsole.Console.Profile.Width = 160;
            return AnsiConsole.Console;
        }
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }
}
