using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.Data.Sql;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// <c>kind: ab</c>: the A/B analysis of a per-unit log with <see cref="AbAnalysis"/> (SRM guardrail, every arm ×
/// metric against control, multiple-comparison correction). Parameters: <c>method</c> (frequentist, sequential,
/// bayesian) and <c>cuped</c> (true/false: use evaluation.covariates). Metrics per comparison:
/// <c>METRIC.ARM.relative_lift</c>, <c>…relative_lower</c>, <c>…relative_upper</c>, <c>…p_value</c>,
/// <c>…adjusted_p_value</c> or <c>…chance_to_beat_control</c>; and <c>srm_p_value</c>.
/// A dataset path ending in .parquet or .duckdb, or a dataset name <c>duckdb:PATH</c> / <c>postgres:CONNSTRING</c>, is
/// aggregated in the engine (<see cref="SqlUnitLogAggregator"/>; dataset parameters <c>table</c> or <c>query</c>, a .sql
/// file beside the spec); the report's notes state the SQL that ran.
/// </summary>
internal sealed class AbCandidate : ICandidateRunner
{
    public string Kind => "ab";
    public IReadOnlyCollection<ExperimentTask> Tasks { get; } = [ExperimentTask.AbTest];
    public IReadOnlyCollection<string> Parameters { get; } = ["method", "cuped"];

    public async Task<CandidateOutcome> RunAsync(CandidateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var evaluation = context.Spec.Evaluation;
        string methodName = context.Parameter("method") ?? "frequentist";
        if (!AnalysisMethodNames.TryParse(methodName, out var method))
            throw new ArgumentException($"Candidate '{context.Candidate.Name}': method '{methodName}' is not one of {AnalysisMethodNames.Valid}.");
        bool cuped = (context.Parameter("cuped") ?? "true") switch
        {
            "true" => true,
            "false" => false,
            var other => throw new ArgumentException($"Candidate '{context.Candidate.Name}': cuped '{other}' is not true or false."),
        };
        var metrics = UnitLogMetricSyntax.Parse(evaluation.Metrics, cuped ? evaluation.Covariates : [], "evaluation.metrics", "evaluation.covariates");
        SegmentedUnitLog? segmented = null;
        UnitLogAggregate aggregate;
        SqlUnitLogAggregate? sql = null;
        if (evaluation.SegmentFile is { } segmentFile)
        {
            string path = context.Data.UnitLogPath is { } p && Path.GetExtension(p).ToLowerInvariant() is not (".parquet" or ".duckdb") ? p
                : throw new ArgumentException("evaluation.segments joins with a per-unit CSV log; for a SQL source give the segment column in the query instead.");
            segmented = UnitLogAggregator.AggregateBySegment(path, evaluation.ArmColumn, metrics, evaluation.SegmentJoin!,
                SegmentAssignments.Read(context.Spec.ResolvePath(segmentFile)));
            aggregate = segmented.Overall;
        }
        else (aggregate, sql) = await Aggregate(context, metrics, cancellationToken).ConfigureAwait(false);
        if (!aggregate.Contains(evaluation.Control))
            throw new ArgumentException($"evaluation.control: arm '{evaluation.Control}' has no units in column '{evaluation.ArmColumn}'; arms: {string.Join(", ", aggregate.Arms)}.");
        var options = new AbAnalysisOptions { Alpha = evaluation.Alpha, Method = method, Correction = evaluation.Correction };
        var result = AbAnalysis.Analyze(aggregate.ToExperimentData(), evaluation.Control, aggregate.MetricSpecs(), options);
        var outcome = Outcome(result, evaluation);
        if (sql is not null) outcome.Notes.Add($"Statistics computed in {sql.Source} by: {sql.Sql}");
        if (segmented is not null) AddSegments(outcome, segmented, SegmentedAnalysis.Analyze(segmented.ToSegmentArms(), evaluation.Control, aggregate.MetricSpecs(), options));
        return outcome;
    }

    // The CSV reader, or DuckDB for a Parquet file or a DuckDB database (dataset parameters table / query).
    private static async Task<(UnitLogAggregate, SqlUnitLogAggregate?)> Aggregate(CandidateContext context, IReadOnlyList<UnitLogMetric> metrics,
        CancellationToken cancellationToken)
    {
        SqlSource source;
        if (context.Data.UnitLogPath is { } path)
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is not (".parquet" or ".duckdb")) return (UnitLogAggregator.Aggregate(path, context.Spec.Evaluation.ArmColumn, metrics), null);
            source = SqlSource.DuckDbFile(path);
        }
        else
        {
            string name = context.Spec.Dataset.Name!;
            source = name.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase)
                ? SqlSource.DuckDbFile(context.Spec.ResolvePath(name["duckdb:".Length..].Trim()))
                : SqlSource.Parse(name);
        }
        var parameters = context.Spec.Dataset.Parameters;
        SqlRelation relation = parameters.TryGetValue("table", out string? table) ? SqlRelation.ForTable(table)
            : parameters.TryGetValue("query", out string? query) ? SqlRelation.FromQueryFile(context.Spec.ResolvePath(query))
            : source.IsFile ? SqlRelation.ForTable(SqlSource.FileView)
            : throw new ArgumentException($"dataset.parameters: {source.Describe()} is a database; name the unit table (table: NAME) or a query file (query: FILE.sql).");
        var sql = await SqlUnitLogAggregator.AggregateAsync(
            new SqlUnitLogRequest(source, relation, context.Spec.Evaluation.ArmColumn, metrics), cancellationToken).ConfigureAwait(false);
        return (sql.Overall, sql);
    }

    private static CandidateOutcome Outcome(ExperimentResult result, EvaluationSpec evaluation)
    {
        var outcome = new CandidateOutcome
        {
            Srm = new SrmSummary(result.Arms.Select(a => a.Name).ToList(), result.Arms.Select(a => a.Units).ToList(),
                result.Srm.ExpectedCounts.ToList(), result.Srm.PValue, result.Srm.Mismatch),
        };
        outcome.Metrics["srm_p_value"] = result.Srm.PValue;
        outcome.Warnings.AddRange(result.Warnings);
        foreach (var c in result.Comparisons)
        {
            AddComparison(outcome, c, c.Metric, $"{c.Metric}.{c.Arm}");
            // A guardrail is breached when its whole interval lies below zero: the arm makes it significantly worse.
            if (evaluation.Guardrails.Contains(c.Metric) && c.RelativeInterval is { Upper: < 0 } interval)
                outcome.Warnings.Add($"Guardrail breached: {c.Metric} falls in arm {c.Arm} (relative lift interval {interval}).");
        }
        return outcome;
    }

    // The breakdown: one lift row per segment × arm × metric (metric shown as "METRIC [segment S]"), metrics
    // segment.S.METRIC.ARM.*, and a note on the join and the unassigned units. Adjusted p-values span all segments.
    private static void AddSegments(CandidateOutcome outcome, SegmentedUnitLog segmented, IReadOnlyList<SegmentResult> segments)
    {
        foreach (var segment in segments)
        {
            if (segment.Result is not { } r)
            {
                outcome.Notes.Add($"Segment {segment.Segment} skipped: {segment.Skipped}.");
                continue;
            }
            foreach (var c in r.Comparisons)
            {
                AddComparison(outcome, c, $"{c.Metric} [segment {segment.Segment}]", $"segment.{segment.Segment}.{c.Metric}.{c.Arm}");
            }
            outcome.Metrics[$"segment.{segment.Segment}.units"] = r.Arms.Sum(a => a.Units);
        }
        outcome.Metrics["segment.unassigned_units"] = segmented.UnassignedUnits;
        outcome.Notes.Add(segmented.UnassignedUnits > 0
            ? $"Segments joined on column '{segmented.JoinColumn}': {segmented.UnassignedUnits:N0} of {segmented.Overall.TotalUnits:N0} units have no segment in the file and form the '{SegmentAssignments.Unassigned}' segment; adjusted p-values span all {segments.Count} segments."
            : $"Segments joined on column '{segmented.JoinColumn}': every unit has a segment; adjusted p-values span all {segments.Count} segments.");
    }

    // One comparison: its lift row (metric shown as label) and metrics KEY.relative_lift, …relative_lower,
    // …relative_upper, …p_value, …adjusted_p_value or …chance_to_beat_control (whichever the method gives).
    private static void AddComparison(CandidateOutcome outcome, ComparisonResult c, string label, string key)
    {
        outcome.Lifts.Add(new LiftRow(label, c.Arm, c.Control, c.ControlValue, c.ArmValue, c.RelativeLift,
            c.RelativeInterval?.Lower, c.RelativeInterval?.Upper, c.PValue, c.AdjustedPValue, c.ChanceToBeatControl,
            c.IsValid ? null : $"{c.Error}: {c.ErrorMessage}"));
        Put(outcome, $"{key}.relative_lift", c.RelativeLift);
        Put(outcome, $"{key}.relative_lower", c.RelativeInterval?.Lower);
        Put(outcome, $"{key}.relative_upper", c.RelativeInterval?.Upper);
        Put(outcome, $"{key}.p_value", c.PValue);
        Put(outcome, $"{key}.adjusted_p_value", c.AdjustedPValue);
        Put(outcome, $"{key}.chance_to_beat_control", c.ChanceToBeatControl);
    }

    private static void Put(CandidateOutcome outcome, string key, double? value)
    {
        if (value is { } v && double.IsFinite(v)) outcome.Metrics[key] = v;
    }
}
