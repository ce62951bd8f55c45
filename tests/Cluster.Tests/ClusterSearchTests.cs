using MarketLab.Experiments.AutoML.Runner;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;

namespace MarketLab.Cluster.Tests;

/// <summary>
/// The "must show" on an in-process cluster of 3 silos (Orleans.TestingHost): a 30-trial search completes, a
/// silo killed mid-trial loses no finished trial and has its trial re-run, and the leaderboard equals the one the
/// same search (seed, parallelism, deterministic cost mode) gives in one process.
/// </summary>
public sealed class ClusterSearchTests
{
    private const int Trials = 30;

    [Fact]
    public async Task A_30_trial_search_on_3_silos_completes_with_the_single_process_leaderboard()
    {
        var data = ClusterTestData.WriteBinaryCsv(rows: 200, seed: 3);
        await using var cluster = await TestClusters.DeployAsync(3);
        var job = TestClusters.Job(data, Trials, parallel: 3);

        var status = await ClusterSearch.RunAsync(cluster.Client, job, poll: TimeSpan.FromMilliseconds(100));

        Assert.Equal(SearchState.Completed, status.State);
        Assert.Equal(Enumerable.Range(0, Trials), status.Trials.Select(t => t.Id).Order());
        Assert.True(status.Trials.Select(t => t.Silo).Distinct().Count() >= 2, "trials ran on one silo only: " + string.Join(", ", status.Trials.Select(t => t.Silo).Distinct()));
        Assert.Equal(3, status.Workers.Count);
        Assert.Equal(await TestClusters.ReferenceBoardAsync(job), TestClusters.Board(status.Trials.Select(t => t.ToRecord()), AutoMLMetric.Auc));
    }

    [Fact]
    public async Task A_silo_killed_mid_trial_loses_no_finished_trial_and_its_trial_runs_again()
    {
        var data = ClusterTestData.WriteBinaryCsv(rows: 200, seed: 3);
        var store = ClusterTestData.TempPath(".db");
        await using var cluster = await TestClusters.DeployAsync(3);
        var job = TestClusters.Job(data, Trials, parallel: 3, store);
        var search = ClusterSearch.RunAsync(cluster.Client, job, poll: TimeSpan.FromMilliseconds(100));

        // The victim: neither the coordinator's silo nor the first (which the test cluster's client connects through);
        // slowed so that a trial is surely running on it when it dies.
        var coordinator = cluster.Client.GetGrain<ISearchCoordinatorGrain>(job.SearchId);
        var first = await WaitFor(coordinator, s => s.Coordinator != "" && s.State == SearchState.Running);
        var victim = cluster.Silos.Skip(1).First(s => s.SiloAddress.ToParsableString() != first.Coordinator);
        var victimAddress = victim.SiloAddress.ToParsableString();
        TestClusters.Delays[victimAddress] = TimeSpan.FromSeconds(3);
        var before = await WaitFor(coordinator, s => s.Trials.Length >= 5 && s.Running.Any(r => r.Slot.StartsWith(victimAddress + "/", StringComparison.Ordinal)));
        var interrupted = before.Running.Single(r => r.Slot.StartsWith(victimAddress + "/", StringComparison.Ordinal)).TrialId;

        await cluster.KillSiloAsync(victim);
        var status = await search;

        Assert.Equal(SearchState.Completed, status.State);
        Assert.Contains(status.Requeued, r => r.TrialId == interrupted && r.Slot.StartsWith(victimAddress + "/", StringComparison.Ordinal));
        var final = status.Trials.ToDictionary(t => t.Id);
        Assert.Equal(Trials, final.Count);
        Assert.True(final.ContainsKey(interrupted) && final[interrupted].Silo != victimAddress, $"trial {interrupted} was not re-run on a live silo");
        foreach (var t in before.Trials) // every trial finished before the kill is kept, unchanged
            Assert.Equal(t.Metric, final[t.Id].Metric);

        // The store is the proof: one row per trial id, 30 of them.
        using (var connection = new SqliteConnection($"Data Source={store};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT id), MIN(id), MAX(id) FROM trials";
            using var reader = command.ExecuteReader();
            reader.Read();
            Assert.Equal((Trials, Trials, 0, Trials - 1), (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }

        Assert.Equal(await TestClusters.ReferenceBoardAsync(job), TestClusters.Board(status.Trials.Select(t => t.ToRecord()), AutoMLMetric.Auc));
        TestClusters.Delays.TryRemove(victimAddress, out _);
    }

    [Fact]
    public async Task A_coordinator_whose_silo_dies_resumes_elsewhere_from_the_store()
    {
        var data = ClusterTestData.WriteBinaryCsv(rows: 200, seed: 3);
        var store = ClusterTestData.TempPath(".db");
        await using var cluster = await TestClusters.DeployAsync(3);
        // A search id whose coordinator activates away from the first silo (the one the test cluster's membership and
        // client lean on): activating it with a status call places it without starting the search.
        var first = cluster.Silos[0].SiloAddress.ToParsableString();
        SearchJob job;
        SearchStatus placed;
        var attempt = 0;
        do
        {
            job = TestClusters.Job(data, Trials, parallel: 3, store) with { SearchId = $"failover-{attempt++}-{Guid.NewGuid():N}" };
            placed = await cluster.Client.GetGrain<ISearchCoordinatorGrain>(job.SearchId).GetStatusAsync();
        }
        while (placed.Coordinator == first && attempt < 20);
        Assert.NotEqual(first, placed.Coordinator);
        var victim = cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == placed.Coordinator);

        var search = ClusterSearch.RunAsync(cluster.Client, job, poll: TimeSpan.FromMilliseconds(100));
        var coordinator = cluster.Client.GetGrain<ISearchCoordinatorGrain>(job.SearchId);
        var before = await WaitFor(coordinator, s => s.Trials.Length >= 5);
        await cluster.KillSiloAsync(victim);
        var status = await search;

        Assert.Equal(SearchState.Completed, status.State);
        Assert.NotEqual(placed.Coordinator, status.Coordinator);
        var final = status.Trials.ToDictionary(t => t.Id);
        Assert.Equal(Enumerable.Range(0, Trials), final.Keys.Order());
        foreach (var t in before.Trials) Assert.Equal(t.Metric, final[t.Id].Metric);
        Assert.Equal(await TestClusters.ReferenceBoardAsync(job), TestClusters.Board(status.Trials.Select(t => t.ToRecord()), AutoMLMetric.Auc));
    }

    private static async Task<SearchStatus> WaitFor(ISearchCoordinatorGrain coordinator, Func<SearchStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var status = await coordinator.GetStatusAsync();
            if (condition(status)) return status;
            if (status.State is SearchState.Completed or SearchState.Failed) throw new InvalidOperationException($"The search ended ({status.State}, {status.Error}) before the condition held.");
            await Task.Delay(20);
        }

        throw new TimeoutException("The condition did not hold within 60 s.");
    }
}
