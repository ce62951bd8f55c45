using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.Data.Sql;
using Spectre.Console;

namespace MarketLab.Cli.Ab;

/// <summary>Runs the library's <see cref="AbAnalysis"/> on an aggregated log and reports the result.</summary>
internal static class AbRunner
{
    public static ExperimentResult Analyze(AbRequest request, UnitLogAggregate aggregate) =>
        AbAnalysis.Analyze(aggregate.ToExperimentData(), request.Control, aggregate.MetricSpecs(), request.Options());

    /// <summary>Every segment of a SQL breakdown, the correction spanning them all.</summary>
    public static IReadOnlyList<SegmentResult> AnalyzeSegments(AbRequest request, SqlUnitLogAggregate sql) =>
        SegmentedAnalysis.Analyze(sql.Segments.Select(s => (s.Segment, s.Aggregate.ToArmData())).ToList(),
            request.Control, sql.Overall.MetricSpecs(), request.Options());

    public static int Run(AbRequest request, UnitLogAggregate aggregate, SqlUnitLogAggregate? sql, TextWriter output)
    {
        ExperimentResult result = Analyze(request, aggregate);
        IAnsiConsole console = CliConsole.For(output);
        AbTable.Render(console, request, result);
        IReadOnlyList<SegmentResult> segments = sql is { Segments.Count: > 0 } ? AnalyzeSegments(request, sql) : [];
        foreach (SegmentResult segment in segments)
        {
            if (segment.Result is { } r) AbTable.Render(console, request with { Input = $"{request.Input}, segment {segment.Segment}" }, r);
            else console.MarkupLine($"[yellow]Segment {Markup.Escape(segment.Segment)} skipped: {Markup.Escape(segment.Skipped ?? "")}[/]");
        }
        if (sql is not null)
        {
            output.WriteLine($"Statistics computed in {sql.Source} by one query{(segments.Count > 0 ? $" ({segments.Count} segments, adjusted p-values span all of them)" : "")}:");
            output.WriteLine(sql.Sql);
        }
        if (request.JsonPath is { } path)
        {
            AbJsonReport.Write(path, request, result, sql, segments);
            output.WriteLine($"Wrote {path}");
        }
        return 0;
    }
}
