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

    /// <summary>Every segment of a segment-file breakdown (<c>--segment-file</c>), the correction spanning them all.</summary>
    public static IReadOnlyList<SegmentResult> AnalyzeSegments(AbRequest request, SegmentedUnitLog segmented) =>
        SegmentedAnalysis.Analyze(segmented.ToSegmentArms(), request.Control, segmented.Overall.MetricSpecs(), request.Options());

    public static int Run(AbRequest request, UnitLogAggregate aggregate, SqlUnitLogAggregate? sql, TextWriter output, SegmentedUnitLog? segmented = null)
    {
        ExperimentResult result = Analyze(request, aggregate);
        IAnsiConsole console = CliConsole.For(output);
        AbTable.Render(console, request, result);
        IReadOnlyList<SegmentResult> segments = sql is { Segments.Count: > 0 } ? AnalyzeSegments(request, sql)
            : segmented is not null ? AnalyzeSegments(request, segmented) : [];
        if (segmented is not null)
            output.WriteLine(segmented.UnassignedUnits > 0
                ? $"Segments joined on column '{segmented.JoinColumn}': {segmented.UnassignedUnits:N0} of {segmented.Overall.TotalUnits:N0} units have no segment in the file and form the '{SegmentAssignments.Unassigned}' segment; adjusted p-values span all {segments.Count} segments."
                : $"Segments joined on column '{segmented.JoinColumn}': every unit has a segment; adjusted p-values span all {segments.Count} segments.");
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
            AbJsonReport.Write(path, request, result, sql, segments, segmented?.UnassignedUnits);
            output.WriteLine($"Wrote {path}");
        }
        return 0;
    }
}
