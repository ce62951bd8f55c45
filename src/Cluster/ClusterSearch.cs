namespace MarketLab.Cluster;

/// <summary>The client side of a cluster search: submit it to its coordinator grain and follow it to the end.</summary>
public static class ClusterSearch
{
    /// <summary>
    /// Starts <paramref name="job"/> and polls its coordinator until it completes. When the coordinator's silo dies, the
    /// next call activates the coordinator on another silo; it reports <see cref="SearchState.NotStarted"/> and is given
    /// the job again, resuming from the trial store.
    /// </summary>
    /// <exception cref="InvalidOperationException">The search failed, or another client coordinates a search of this id.</exception>
    public static async Task<SearchStatus> RunAsync(IClusterClient client, SearchJob job, IProgress<SearchStatus>? progress = null,
        TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(job);
        var id = Guid.NewGuid();
        var coordinator = client.GetGrain<ISearchCoordinatorGrain>(job.SearchId);
        var status = await coordinator.StartAsync(job, id).ConfigureAwait(false);
        while (true)
        {
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            try
            {
                status = await coordinator.GetStatusAsync().ConfigureAwait(false);
                if (status.State == SearchState.NotStarted) status = await coordinator.StartAsync(job, id).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not InvalidOperationException and not ArgumentException)
            {
                continue; // the coordinator's silo is gone; the next call re-activates it elsewhere
            }

            progress?.Report(status);
            switch (status.State)
            {
                case SearchState.Completed: return status;
                case SearchState.Failed: throw new InvalidOperationException($"Search '{job.SearchId}' failed: {status.Error}");
            }
        }
    }
}
