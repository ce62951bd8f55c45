using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using Microsoft.ML;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace MarketLab.Cluster.Tests;

/// <summary>In-process Orleans clusters (Orleans.TestingHost) of MarketLab workers, and the searches the tests run on them.</summary>
internal static class TestClusters
{
    /// <summary>Deploys <paramref name="silos"/> silos with one slot each; <paramref name="worker"/> may change a silo's options by its index.</summary>
    public static async Task<InProcessTestCluster> DeployAsync(int silos, Func<int, WorkerOptions, WorkerOptions>? worker = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        var index = 0;
        builder.ConfigureSilo((_, silo) =>
        {
            var options = new WorkerOptions { Slots = 1, BeforeTrial = (address, _) => Delays.TryGetValue(address, out var d) ? Task.Delay(d) : Task.CompletedTask };
            silo.AddMarketLabWorker(worker?.Invoke(Interlocked.Increment(ref index) - 1, options) ?? options).UseFastFailureDetection();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Per-silo delay before each trial (by silo address), set by a test to slow the silo it will kill.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan> Delays = new();

    /// <summary>A CFO search in the deterministic mode over cheap learners: reproducible for a seed and a parallelism.</summary>
    public static SearchJob Job(string data, int trials, int parallel, string? store = null) => new()
    {
        SearchId = "search-" + Guid.NewGuid().ToString("N")[..8], DataPath = data, DataSha256 = SearchJob.HashFile(data),
        Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Cfo, MaxTrials = trials, Parallel = parallel,
        // The trial count ends the search; the budget is a guard against a hung test on a loaded machine.
        TimeBudget = TimeSpan.FromMinutes(5), Seed = 7, DeterministicCost = true, StorePath = store,
        Trainers = [TrainerName.LightGbm, TrainerName.FastTree, TrainerName.LbfgsLogisticRegression],
    };

    /// <summary>The same search in one process (threads), the reference for the cluster's leaderboard.</summary>
    public static async Task<AutoMLResult> RunInProcessAsync(SearchJob job)
    {
        var (data, kinds) = CsvDataLoader.Load(job.DataPath);
        return await new MLContext(job.Seed).Auto().CreateExperiment(job.ToOptions(null) with { StorePath = null }).RunAsync(data, null, default, kinds);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string[]>>> References = new();

    /// <summary>
    /// The single-process leaderboard of <paramref name="job"/>, computed once per data content and configuration (the
    /// store path and search id do not change it): the three tests of <see cref="ClusterSearchTests"/> share one run.
    /// </summary>
    public static Task<string[]> ReferenceBoardAsync(SearchJob job) =>
        References.GetOrAdd((job with { StorePath = null, SearchId = "", DataPath = "" }).Fingerprint(), _ => new Lazy<Task<string[]>>(async () =>
        {
            var single = await RunInProcessAsync(job);
            return Board(single.Trials, single.Metric);
        })).Value;

    public static string[] Board(IEnumerable<TrialRecord> trials, AutoMLMetric metric) =>
        new AutoMLResult(null!, metric, trials.ToArray(), false).Leaderboard.Select(t => $"{t.Id}:{t.Learner}:{t.Parameters}:{t.Metric:R}").ToArray();
}
