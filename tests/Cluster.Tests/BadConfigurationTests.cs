namespace MarketLab.Cluster.Tests;

/// <summary>Misconfigured clusters are refused with a message that says what is wrong and what to do.</summary>
public sealed class BadConfigurationTests
{
    [Fact]
    public async Task A_worker_of_an_older_MarketLab_version_is_refused_and_gets_no_trial()
    {
        var data = ClusterTestData.WriteBinaryCsv(rows: 150, seed: 5);
        await using var cluster = await TestClusters.DeployAsync(3, (i, options) => i == 2 ? options with { Version = "0.0.1" } : options);
        // The silos start in parallel, so which address got the old version is asked, not assumed.
        var infos = await Task.WhenAll(cluster.Silos.Select(s => cluster.Client.GetGrain<ITrialSlotGrain>(SlotKey.Of(s.SiloAddress, 0)).DescribeAsync()));
        var old = Assert.Single(infos, i => i.Version == "0.0.1").Silo;
        var job = TestClusters.Job(data, trials: 6, parallel: 3);

        var status = await ClusterSearch.RunAsync(cluster.Client, job, poll: TimeSpan.FromMilliseconds(100));

        Assert.Equal(SearchState.Completed, status.State);
        var reason = Assert.Single(status.Refused, r => r.Key == old).Value;
        Assert.Contains("runs MarketLab 0.0.1", reason);
        Assert.Contains($"coordinator runs {ClusterVersion.Current}: refused", reason);
        Assert.DoesNotContain(old, status.Workers.Keys);
        Assert.All(status.Trials, t => Assert.NotEqual(old, t.Silo));

        // Called directly, the old worker refuses the trial itself.
        var slot = cluster.Client.GetGrain<ITrialSlotGrain>($"{old}/0");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => slot.RunAsync(job, new WireTrial(0, "{}", null)));
        Assert.Contains("runs MarketLab 0.0.1", error.Message);
    }

    [Fact]
    public async Task A_second_coordinator_for_a_running_search_is_refused()
    {
        var data = ClusterTestData.WriteBinaryCsv(rows: 150, seed: 5);
        await using var cluster = await TestClusters.DeployAsync(2);
        var job = TestClusters.Job(data, trials: 8, parallel: 2);
        var coordinator = cluster.Client.GetGrain<ISearchCoordinatorGrain>(job.SearchId);
        var first = await coordinator.StartAsync(job, Guid.NewGuid());
        Assert.Equal(SearchState.Running, first.State);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => coordinator.StartAsync(job, Guid.NewGuid()));
        Assert.Contains($"Search '{job.SearchId}' already has a coordinator", error.Message);
        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => coordinator.StartAsync(job with { Seed = 8 }, Guid.NewGuid()));
        Assert.Contains("with another configuration", other.Message);

        // The first search is untouched and finishes.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        SearchStatus status;
        do status = await coordinator.GetStatusAsync();
        while (status.State == SearchState.Running && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        Assert.Equal(SearchState.Completed, status.State);
        Assert.Equal(8, status.Trials.Length);
    }
}
