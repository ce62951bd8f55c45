using System.Text.Json;
using System.Text.Json.Serialization;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Experiments.Data.Sql;

namespace MarketLab.Cli.Ab;

/// <summary>The JSON written by <c>marketlab ab --json</c>: snake_case, enums as snake_case strings, non-finite numbers as null.</summary>
internal static class AbJsonReport
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Write(string path, AbRequest request, ExperimentResult result,
        SqlUnitLogAggregate? sql = null, IReadOnlyList<SegmentResult>? segments = null, long? unassignedUnits = null)
    {
        var document = new Document(
            request.Input,
            result.Control,
            request.Method,
            request.Alpha,
            request.Correction,
            result.Arms.Select(a => new Arm(a.Name, a.Units, a.PlannedShare)).ToList(),
            Finite(result.Srm.PValue),
            Finite(result.Srm.ChiSquare),
            result.Srm.Mismatch,
            result.Comparisons.Select(ToJson).ToList(),
            result.Warnings)
        {
            Sql = sql?.Sql,
            UnassignedUnits = unassignedUnits,
            Segments = segments is { Count: > 0 }
                ? segments.Select(s => new Segment(s.Segment, s.Skipped,
                    s.Result?.Arms.Select(a => new Arm(a.Name, a.Units, a.PlannedShare)).ToList(),
                    s.Result?.Comparisons.Select(ToJson).ToList())).ToList()
                : null,
        };
        using FileStream stream = File.Create(path);
        JsonSerializer.Serialize(stream, document, Options);
    }

    private static Comparison ToJson(ComparisonResult c) => new(
        c.Arm, c.Control, c.Metric, c.Kind, c.Method, c.ControlUnits, c.ArmUnits,
        Finite(c.ControlValue), Finite(c.ArmValue), Finite(c.AbsoluteLift), Finite(c.RelativeLift),
        Finite(c.RelativeInterval?.Lower), Finite(c.RelativeInterval?.Upper),
        Finite(c.AbsoluteInterval?.Lower), Finite(c.AbsoluteInterval?.Upper),
        Finite(c.PValue), Finite(c.AdjustedPValue), Finite(c.ChanceToBeatControl), Finite(c.ExpectedLoss),
        Finite(c.Theta), Finite(c.VarianceReduction), c.Error, c.ErrorMessage);

    private static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;

    internal sealed record Document(
        string Input,
        string Control,
        AnalysisMethod Method,
        double Alpha,
        CorrectionMethod Correction,
        IReadOnlyList<Arm> Arms,
        double? SrmPValue,
        double? SrmChiSquare,
        bool SrmMismatch,
        IReadOnlyList<Comparison> Comparisons,
        IReadOnlyList<string> Warnings)
    {
        /// <summary>The statistics query, for SQL sources only.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Sql { get; init; }

        /// <summary>With --segment-file: units whose id the file does not list (the 'unassigned' segment).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public long? UnassignedUnits { get; init; }

        /// <summary>The --segment breakdown, adjusted p-values spanning all segments; absent without one.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<Segment>? Segments { get; init; }
    }

    internal sealed record Segment(
        string Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Skipped,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Arm>? Arms,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Comparison>? Comparisons);

    internal sealed record Arm(string Name, long Units, double PlannedShare);

    /// <summary>One arm × metric; ci_low/ci_high bound the relative lift, abs_ci_low/abs_ci_high the absolute lift.</summary>
    internal sealed record Comparison(
        string Arm,
        string Control,
        string Metric,
        MetricKind Kind,
        AnalysisMethod Method,
        long ControlUnits,
        long ArmUnits,
        double? ControlValue,
        double? ArmValue,
        double? AbsLift,
        double? RelLift,
        double? CiLow,
        double? CiHigh,
        double? AbsCiLow,
        double? AbsCiHigh,
        double? PValue,
        double? AdjustedPValue,
        double? ChanceToBeatControl,
        double? ExpectedLoss,
        double? Theta,
        double? VarianceReduction,
        AnalysisError Error,
        string? ErrorMessage);
}
