using MarketLab.Experiments;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using MarketLab.Cli.Ab;
using MarketLab.Cluster;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Tuners;
using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.ML;
using Spectre.Console;

namespace MarketLab.Cli.Cluster;

/// <summary>
/// <c>marketlab automl --cluster CONN</c> / <c>--workers-processes N</c>: the search runs on Orleans silos (its coordinator
/// grain owns the tuner and writes the trial store); afterwards the store is replayed here, without training, so the
/// leaderboard, the ensemble and <c>--output</c> work exactly as in a local search.
/// </summary>
internal static class ClusterAutoML
{
    public static async Task<(AutoMLExperiment Experiment, AutoMLResult Result)> RunAsync(IAnsiConsole console, MLContext ml,
        AutoMLExperimentOptions options, string dataPath, IDataView view, IReadOnlyDictionary<string, ColumnKind> kinds,
        string? cluster, int processes, string? searchId, CancellationToken cancellationToken)
    {
        if (cluster is not null && processes > 0)
            throw new CliInputException("--workers-processes", "cannot be combined with --cluster (it starts its own local cluster)");
        if (processes < 0) throw new CliInputException("--workers-processes", $"{processes} must be >= 1");
        if (cluster is not null && options.StorePath is null)
            throw new CliInputException("--store", "is required with --cluster: the coordinator writes the trial ledger there (a path its silo can write; a shared folder across machines)");
        var store = Path.GetFullPath(options.StorePath ?? Path.Combine(Path.GetTempPath(), $"marketlab-automl-{Guid.NewGuid():N}.db"));
        var data = Path.GetFullPath(dataPath);
        var job = new SearchJob
        {
            // One search per store: a second client on the same store meets the running coordinator and is refused.
            SearchId = searchId ?? "automl-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(store)))[..16],
            DataPath = data, DataSha256 = SearchJob.HashFile(data), Task = options.Task, LabelColumn = options.LabelColumn, Metric = options.Metric,
            Tuner = options.Tuner, TimeBudget = options.TimeBudget, MaxTrials = options.MaxTrials, TrialTimeout = options.TrialTimeout,
            Folds = options.Folds, HoldoutFraction = options.HoldoutFraction, Parallel = options.Workers, ThreadsPerTrial = options.ThreadsPerTrial,
            Seed = options.Seed, StorePath = store, DeterministicCost = options.DeterministicCost, Trainers = options.Trainers?.ToArray(),
            EmbeddingModel = options.TextEmbeddings?.WithAbsoluteModel().Model,
            EmbeddingsWithNgrams = options.TextEmbeddingsWithNgrams,
            ValidationGroups = options.ValidationGroups,
        };

        var status = processes > 0
            ? await RunLocalAsync(console, job, processes, cancellationToken)
            : await RunRemoteAsync(console, job, ClusterConnection.Parse(cluster!), cancellationToken);
        console.WriteLine($"Cluster search '{job.SearchId}' {status.State}: {status.Trials.Length} trials on {status.Trials.Select(t => t.Silo).Where(s => s != "").Distinct().Count()} silos" +
                          (status.Requeued.Length > 0 ? $", {status.Requeued.Length} re-queued after a lost silo" : "") + $"; store {store}");
        // The figures docs/benchmarks.md's cost model uses (scripts/cluster-bench.sh): search wall time and mean trial time.
        if (status.Trials.Length > 0 && status.ElapsedSeconds > 0)
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Search throughput: {status.Trials.Length} trials in {status.ElapsedSeconds:0.00} s = {60 * status.Trials.Length / status.ElapsedSeconds:0.0} trials/min; mean trial {status.Trials.Average(t => t.DurationSeconds):0.000} s"));

        // Replay the store here: no trial is trained again (the trial budget equals what the store holds).
        var replay = ml.Auto().CreateExperiment(options with { StorePath = store, MaxTrials = Math.Max(1, status.Trials.Length) });
        var result = await replay.RunAsync(view, null, cancellationToken, kinds);
        return (replay, result);
    }

    private static async Task<SearchStatus> RunRemoteAsync(IAnsiConsole console, SearchJob job, ClusterConnection connection, CancellationToken cancellationToken)
    {
        using var client = ClusterHosting.BuildClient(connection);
        await ClusterHosting.StartAsync(client, connection, cancellationToken);
        try
        {
            return await Follow(console, client.Services.GetRequiredService<IClusterClient>(), job, cancellationToken);
        }
        finally
        {
            await client.StopAsync(CancellationToken.None);
        }
    }

    // A silo in this process (no slots: it hosts grains, the coordinator may land here) plus N worker processes of this
    // same program, all on localhost clustering with this silo as the primary.
    private static async Task<SearchStatus> RunLocalAsync(IAnsiConsole console, SearchJob job, int processes, CancellationToken cancellationToken)
    {
        var port = ClusterHosting.FreePort();
        var connection = ClusterConnection.Parse($"localhost:{port}");
        using var primary = ClusterHosting.BuildWorker(connection, new WorkerOptions { Slots = 0 }, port, port + 1);
        await ClusterHosting.StartAsync(primary, connection, cancellationToken);
        var workers = new List<Process>();
        try
        {
            for (var i = 0; i < processes; i++) workers.Add(StartWorker(connection));
            console.WriteLine($"Local cluster on localhost:{port}: {processes} worker processes (pids {string.Join(", ", workers.Select(w => w.Id))}).");
            return await Follow(console, primary.Services.GetRequiredService<IClusterClient>(), job, cancellationToken);
        }
        finally
        {
            foreach (var worker in workers)
            {
                try { if (!worker.HasExited) worker.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { } // it exited meanwhile
                worker.Dispose();
            }

            await primary.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Starts <c>marketlab worker --cluster CONN</c> as a child process of this program.</summary>
    internal static Process StartWorker(ClusterConnection connection)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = false };
        // Under `dotnet marketlab.dll` the process is dotnet itself: pass the entry assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in new[] { "worker", "--cluster", connection.Describe(), "--slots", "1" }) start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker process.");
    }

    private static Task<SearchStatus> Follow(IAnsiConsole console, IClusterClient client, SearchJob job, CancellationToken cancellationToken)
    {
        var shown = new HashSet<int>();
        var requeued = new HashSet<string>();
        var coordinator = "";
        var progress = new SynchronousProgress<SearchStatus>(s =>
        {
            if (s.Coordinator != coordinator)
            {
                // A new coordinator activation (its silo died) resumes from the store: trials it replays are not re-run.
                console.WriteLine(coordinator == "" ? $"coordinator on {s.Coordinator}" : $"coordinator moved to {s.Coordinator}; resumed from the store");
                coordinator = s.Coordinator;
            }

            foreach (var t in s.Trials.Where(t => shown.Add(t.Id)))
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"trial {t.Id} {t.Learner} {(t.Status == TrialStatus.Succeeded ? t.Metric.ToString("0.0000", CultureInfo.InvariantCulture) : "failed: " + t.Error)} on {(t.Silo == "" ? "(replayed)" : t.Silo)}; {shown.Count} done; {s.Running.Length} running"));
            foreach (var r in s.Requeued.Where(r => requeued.Add($"{r.TrialId}@{r.Slot}")))
                console.WriteLine($"trial {r.TrialId} re-queued from {r.Slot}: {r.Reason}");
        });
        return ClusterSearch.RunAsync(client, job, progress, cancellationToken: cancellationToken);
    }
}
