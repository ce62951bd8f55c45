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
        AbTable.Render(CliConsole.For(output), request, result);
        if (request.JsonPath is { } path)
        {
            AbJsonReport.Write(path, request, result);
            output.WriteLine($"Wrote {path}");
        }
        return 0;
    }
}
