using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Cluster;

/// <summary>A finished <see cref="TrialRecord"/> on the wire, with the silo that ran it.</summary>
[GenerateSerializer, Immutable]
public sealed record WireTrialRecord
{
    [Id(0)] public int Id { get; init; }
    [Id(1)] public required string Learner { get; init; }
    [Id(2)] public required string ParametersJson { get; init; }
    [Id(3)] public required double[] FoldMetrics { get; init; }
    [Id(4)] public double Metric { get; init; }
    [Id(5)] public double DurationSeconds { get; init; }
    [Id(6)] public long PeakMemoryBytes { get; init; }
    [Id(7)] public TrialStatus Status { get; init; }
    [Id(8)] public string? Error { get; init; }

    /// <summary>The silo that trained it (empty for trials replayed from the store).</summary>
    [Id(9)] public string Silo { get; init; } = "";

    public static WireTrialRecord From(TrialRecord r, string silo) => new()
    {
        Id = r.Id, Learner = r.Learner, ParametersJson = r.Parameters.ToJson(), FoldMetrics = r.FoldMetrics.ToArray(), Metric = r.Metric,
        DurationSeconds = r.DurationSeconds, PeakMemoryBytes = r.PeakMemoryBytes, Status = r.Status, Error = r.Error, Silo = silo,
    };

    public TrialRecord ToRecord() =>
        new(Id, Learner, ParameterSet.FromJson(ParametersJson), FoldMetrics, Metric, DurationSeconds, PeakMemoryBytes, Status, Error);
}
