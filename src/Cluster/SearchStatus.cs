namespace MarketLab.Cluster;

/// <summary>Where a search stands.</summary>
public enum SearchState
{
    /// <summary>This coordinator activation has not been given the search (new, or re-activated after its silo died).</summary>
    NotStarted,

    Running,

    Completed,

    Failed,
}

/// <summary>A trial that was running on a silo that died (or refused it) and went back to the queue.</summary>
[GenerateSerializer, Immutable]
public sealed record RequeuedTrial([property: Id(0)] int TrialId, [property: Id(1)] string Slot, [property: Id(2)] string Reason);

/// <summary>A running trial and its slot.</summary>
[GenerateSerializer, Immutable]
public sealed record RunningTrial([property: Id(0)] int TrialId, [property: Id(1)] string Slot, [property: Id(2)] DateTime StartedUtc);

/// <summary>The coordinator's view of a search (<c>marketlab cluster status</c>, the client's live leaderboard).</summary>
[GenerateSerializer, Immutable]
public sealed record SearchStatus
{
    [Id(0)] public required string SearchId { get; init; }
    [Id(1)] public SearchState State { get; init; }

    /// <summary>The coordinator's silo.</summary>
    [Id(2)] public string Coordinator { get; init; } = "";

    /// <summary>Finished trials in the order the tuner saw them (replayed ones included once the search completed).</summary>
    [Id(3)] public WireTrialRecord[] Trials { get; init; } = [];

    [Id(4)] public RunningTrial[] Running { get; init; } = [];

    [Id(5)] public RequeuedTrial[] Requeued { get; init; } = [];

    /// <summary>Worker silos in use: address → slots.</summary>
    [Id(6)] public Dictionary<string, int> Workers { get; init; } = [];

    /// <summary>Silos refused, with the reason (another MarketLab version).</summary>
    [Id(7)] public Dictionary<string, string> Refused { get; init; } = [];

    /// <summary>Why the search failed.</summary>
    [Id(8)] public string? Error { get; init; }

    [Id(9)] public double ElapsedSeconds { get; init; }
}
