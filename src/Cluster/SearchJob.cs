using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;

namespace MarketLab.Cluster;

/// <summary>
/// One AutoML search as it travels between client, coordinator and workers: everything a silo needs to rebuild the
/// same <see cref="TrialWorkbench"/> (data file, task, folds, seed) and the coordinator needs to run the search.
/// The data is read from a location every silo shares, and checked by its content hash (<see cref="DataSha256"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SearchJob
{
    /// <summary>The search's name; the coordinator grain's key (one coordinator per search).</summary>
    [Id(0)] public required string SearchId { get; init; }

    /// <summary>The CSV file (a path every silo can read).</summary>
    [Id(1)] public required string DataPath { get; init; }

    /// <summary>SHA-256 (hex) of the data file as the client read it; a silo that reads other bytes refuses the trial.</summary>
    [Id(2)] public required string DataSha256 { get; init; }

    [Id(3)] public required AutoMLTask Task { get; init; }

    [Id(4)] public required string LabelColumn { get; init; }

    [Id(5)] public AutoMLMetric? Metric { get; init; }

    [Id(6)] public TunerKind Tuner { get; init; } = TunerKind.Cfo;

    [Id(7)] public TimeSpan TimeBudget { get; init; } = TimeSpan.FromMinutes(10);

    [Id(8)] public int? MaxTrials { get; init; }

    [Id(9)] public TimeSpan? TrialTimeout { get; init; }

    /// <summary>As <see cref="AutoMLExperimentOptions.Folds"/>: null chooses by the data, the same on every silo.</summary>
    [Id(10)] public int? Folds { get; init; }

    [Id(11)] public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>Trials in flight across the cluster (the search's <see cref="AutoMLExperimentOptions.Workers"/>).</summary>
    [Id(12)] public int Parallel { get; init; } = 1;

    /// <summary>Trainer threads per trial on the worker.</summary>
    [Id(13)] public int ThreadsPerTrial { get; init; } = 1;

    [Id(14)] public int Seed { get; init; }

    /// <summary>The trial store (SQLite) the coordinator writes; a path the coordinator's silo can write, so a re-activated coordinator resumes from it.</summary>
    [Id(15)] public string? StorePath { get; init; }

    [Id(16)] public bool DeterministicCost { get; init; }

    [Id(17)] public TrainerName[]? Trainers { get; init; }

    /// <summary>The client's MarketLab version; workers of another version are refused.</summary>
    [Id(18)] public string Version { get; init; } = ClusterVersion.Current;

    /// <summary>The encoder of <see cref="AutoMLExperimentOptions.TextEmbeddings"/> (a catalogued name, installed on each silo on
    /// first use, or a folder every silo can read); null: n-grams only.</summary>
    [Id(19)] public string? EmbeddingModel { get; init; }

    /// <summary><see cref="AutoMLExperimentOptions.TextEmbeddingsWithNgrams"/>.</summary>
    [Id(20)] public bool EmbeddingsWithNgrams { get; init; }

    /// <summary><see cref="AutoMLExperimentOptions.ValidationGroups"/>: every silo derives the same groups from the same data.</summary>
    [Id(21)] public string ValidationGroups { get; init; } = MarketLab.Experiments.AutoML.Runner.ValidationGroups.Auto;

    /// <summary>SHA-256 (hex) of a data file, for <see cref="DataSha256"/>.</summary>
    public static string HashFile(string path) => WorkbenchCache.HashOf(path);

    /// <summary>The options of the search on the coordinator (trials go to <paramref name="executor"/>).</summary>
    public AutoMLExperimentOptions ToOptions(ITrialExecutor? executor) => Base() with
    {
        Workers = Parallel, TotalThreads = Parallel * ThreadsPerTrial, StorePath = StorePath, MaxTrials = MaxTrials,
        TimeBudget = TimeBudget, Executor = executor,
    };

    /// <summary>The options a worker prepares its workbench with: one trial at a time per slot.</summary>
    public AutoMLExperimentOptions ToWorkerOptions() => Base() with { Workers = 1, TotalThreads = ThreadsPerTrial };

    /// <summary>What must agree for two submissions to be the same search (the store's own configuration check guards the rest).</summary>
    public string Fingerprint() =>
        $"{DataSha256};{Task};{LabelColumn};{Metric};{Tuner};{MaxTrials};{Folds};{HoldoutFraction};{Parallel};{Seed};{StorePath};{DeterministicCost};" +
        string.Join(",", Trainers ?? []) + (EmbeddingModel is null ? "" : $";embeddings={EmbeddingModel},{EmbeddingsWithNgrams}") +
        (ValidationGroups == MarketLab.Experiments.AutoML.Runner.ValidationGroups.Auto ? "" : $";groups={ValidationGroups}");

    private AutoMLExperimentOptions Base() => new()
    {
        Task = Task, LabelColumn = LabelColumn, Metric = Metric, Tuner = Tuner, TrialTimeout = TrialTimeout, Folds = Folds,
        HoldoutFraction = HoldoutFraction, Seed = Seed, DeterministicCost = DeterministicCost, Trainers = Trainers,
        TextEmbeddings = EmbeddingModel is { } model ? new MarketLab.Experiments.Models.MLNet.SentenceEmbeddingOptions { Model = model } : null,
        TextEmbeddingsWithNgrams = EmbeddingModel is not null && EmbeddingsWithNgrams,
        ValidationGroups = ValidationGroups,
    };
}
