using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Experiments.Runs;

/// <summary>
/// One experiment as code: the dataset, the task, the candidates to compare, how to judge them and where to
/// write the results. Read from YAML by <see cref="SpecLoader"/>; see docs/runs.md for every key.
/// </summary>
/// <param name="Name">Short name, used in reports and <c>marketlab runs list</c>.</param>
/// <param name="Description">Free text for the report.</param>
/// <param name="Task">What is studied.</param>
/// <param name="Seed">Master seed; each candidate's seed is derived from it and the candidate's name.</param>
/// <param name="Dataset">Which data and how it is split.</param>
/// <param name="Candidates">The models or analyses to run, in order; names are unique.</param>
/// <param name="Evaluation">Metrics and statistical settings.</param>
/// <param name="Output">Where artifacts go.</param>
/// <param name="SourcePath">The YAML file the spec came from, for messages and relative paths (null for inline specs).</param>
/// <param name="Text">The spec's exact text; its SHA-256 identifies the spec in the run store.</param>
public sealed record ExperimentSpec(
    string Name,
    string? Description,
    ExperimentTask Task,
    int Seed,
    DatasetSpec Dataset,
    IReadOnlyList<CandidateSpec> Candidates,
    EvaluationSpec Evaluation,
    OutputSpec Output,
    string? SourcePath,
    string Text)
{
    /// <summary>Lower-case hex SHA-256 of <see cref="Text"/> (UTF-8).</summary>
    public string Sha256 => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Text)));

    /// <summary>Resolves a path written in the spec relative to the spec's folder.</summary>
    public string ResolvePath(string path) =>
        Path.IsPathRooted(path) || SourcePath is null ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(SourcePath))!, path));
}

/// <summary>The data of an experiment.</summary>
/// <param name="Name">A catalog name (<c>hillstrom</c>), an example (<c>example:ab_units</c>) or a generator with
/// parameters (<c>synthetic:campaign?customers=20000&amp;seed=1</c>); null when <paramref name="Path"/> is given.</param>
/// <param name="Path">A CSV file, relative to the spec's folder.</param>
/// <param name="TestShare">Share of rows held out for evaluation (tasks that train), in (0, 1).</param>
/// <param name="Seed">Seed of the split (and of generators that take no seed of their own); defaults to the spec's seed.</param>
/// <param name="Parameters">Dataset-specific settings, e.g. Hillstrom's <c>treatment</c> and <c>outcome</c>.</param>
public sealed record DatasetSpec(string? Name, string? Path, double TestShare, int Seed, IReadOnlyDictionary<string, string> Parameters);

/// <summary>One candidate: a kind registered with the runner and its parameters.</summary>
/// <param name="Name">Unique within the spec; defaults to the kind (with a number when repeated).</param>
/// <param name="Kind">Key of an <see cref="ICandidateRunner"/>, e.g. <c>ab</c>, <c>t_learner</c>.</param>
/// <param name="Parameters">Scalar settings read by the kind; unknown ones are errors.</param>
/// <param name="Line">Line of the candidate in the spec, for messages.</param>
/// <param name="Column">Column of the candidate in the spec.</param>
public sealed record CandidateSpec(string Name, string Kind, IReadOnlyDictionary<string, string> Parameters, int Line = 0, int Column = 0);

/// <summary>How candidates are judged.</summary>
/// <param name="Metrics">A/B: metric definitions as in <c>marketlab ab --metric</c> (<c>conversion:proportion:converted</c>);
/// uplift: names of the metrics to report (empty: all).</param>
/// <param name="Covariates">A/B: CUPED covariates as in <c>marketlab ab --covariate</c>.</param>
/// <param name="Guardrails">A/B: metrics whose significant degradation is flagged in the report.</param>
/// <param name="ArmColumn">A/B: the column holding the arm.</param>
/// <param name="Control">A/B: the control arm.</param>
/// <param name="Alpha">Significance level in (0, 1).</param>
/// <param name="Correction">Multiple-comparison correction (spelled as in <see cref="CorrectionMethodNames"/>).</param>
/// <param name="Margin">Uplift: margin per incremental conversion.</param>
/// <param name="ContactCost">Uplift: cost per targeted customer.</param>
public sealed record EvaluationSpec(
    IReadOnlyList<string> Metrics,
    IReadOnlyList<string> Covariates,
    IReadOnlyList<string> Guardrails,
    string ArmColumn,
    string Control,
    double Alpha,
    CorrectionMethod Correction,
    double Margin,
    double ContactCost)
{
    /// <summary>Recommendation: sampled negatives per user (100 as Kang &amp; McAuley 2018); 0 ranks against all items only.</summary>
    public int Negatives { get; init; } = 100;

    /// <summary>
    /// Recommendation: whether full ranking leaves out the items already in the user's history (<c>history: exclude</c>
    /// or <c>keep</c>); null takes the default of the target (exclude for items, keep for categories and behaviours).
    /// </summary>
    public bool? History { get; init; }

    /// <summary>A/B and uplift: a <c>user,segment</c> CSV (relative to the spec) whose segments break the analysis down
    /// (<c>evaluation.segments</c>); joined on <see cref="SegmentJoin"/>.</summary>
    public string? SegmentFile { get; init; }

    /// <summary>The data's column holding the user ids of <see cref="SegmentFile"/> (<c>evaluation.segment_join</c>).</summary>
    public string? SegmentJoin { get; init; }

    /// <summary>Recommendation: bootstrap resamples over users for intervals and paired tests.</summary>
    public int Resamples { get; init; } = 1000;
}

/// <summary>Where a run writes its files: <c>{Directory}/{run id}/report.html</c> and <c>metrics.json</c>.</summary>
/// <param name="Directory">Artifacts root, relative to the current directory.</param>
/// <param name="Report">Whether to write the HTML report.</param>
public sealed record OutputSpec(string Directory, bool Report);
