namespace MarketLab.Cluster;

/// <summary>
/// The one coordinator of a search (key: <see cref="SearchJob.SearchId"/>): it owns the tuner and the trial ledger
/// (the run's trial store) and hands trials to slot grains. Orleans keeps at most one activation per key; when its
/// silo dies, the next call activates it elsewhere and <see cref="StartAsync"/> resumes from the store.
/// </summary>
public interface ISearchCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Starts the search, or attaches to it when <paramref name="client"/> already started this job here.</summary>
    /// <param name="job">The search.</param>
    /// <param name="client">The submitting client's id.</param>
    /// <exception cref="InvalidOperationException">Another client's search of this id is running here (two coordinators for one search), or the job differs.</exception>
    Task<SearchStatus> StartAsync(SearchJob job, Guid client);

    /// <summary>The search's state, trials, running trials and workers.</summary>
    Task<SearchStatus> GetStatusAsync();
}
