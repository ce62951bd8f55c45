namespace MarketLab.Experiments.Runs.Store;

/// <summary>State of a run in the store.</summary>
public enum RunStatus
{
    /// <summary>Started and not finished: still going, or interrupted (then <c>marketlab run</c> on the same spec resumes it).</summary>
    Running,

    /// <summary>Every candidate finished.</summary>
    Completed,

    /// <summary>Finished, but at least one candidate failed (running the spec again retries those).</summary>
    Failed,
}

/// <summary>State of a candidate in the store; only finished candidates are stored.</summary>
public enum CandidateStatus
{
    Completed,
    Failed,
}

/// <summary>One run: the spec it ran (text and SHA-256), where and with what it ran, and when.</summary>
public sealed record RunRecord(
    string Id,
    string Name,
    string? SpecPath,
    string SpecText,
    string SpecSha256,
    string? GitCommit,
    IReadOnlyDictionary<string, string> Packages,
    IReadOnlyDictionary<string, string> Hardware,
    int Seed,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    RunStatus Status);

/// <summary>One finished candidate of a run, written the moment it finishes.</summary>
public sealed record CandidateRecord(
    string RunId,
    int Position,
    string Name,
    string Kind,
    CandidateStatus Status,
    CandidateOutcome? Outcome,
    double DurationSeconds,
    string? Error,
    DateTimeOffset FinishedAt);
