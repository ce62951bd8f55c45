using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace MarketLab.Cluster;

/// <summary>
/// Runs one search: <see cref="AutoMLExperiment"/> with a <see cref="ClusterTrialExecutor"/>, so the tuner, the
/// proposal order and the trial store stay exactly as in one process. Reentrant so status calls are answered while
/// the search runs (the search loop itself runs off the grain's scheduler; <see cref="SearchLedger"/> is thread-safe).
/// </summary>
[Reentrant]
internal sealed class SearchCoordinatorGrain(IGrainFactory grains, ILocalSiloDetails silo, ISiloStatusOracle membership, ILogger<SearchCoordinatorGrain> log)
    : Grain, ISearchCoordinatorGrain
{
    private readonly CancellationTokenSource _stop = new();
    private SearchJob? _job;
    private Guid _client;
    private SearchLedger? _ledger;

    public Task<SearchStatus> StartAsync(SearchJob job, Guid client)
    {
        ArgumentNullException.ThrowIfNull(job);
        var id = this.GetPrimaryKeyString();
        if (job.SearchId != id) throw new ArgumentException($"The job is search '{job.SearchId}', this coordinator is '{id}'.", nameof(job));
        if (_job is not null && _ledger is not null)
        {
            if (_job.Fingerprint() != job.Fingerprint())
                throw new InvalidOperationException(
                    $"Search '{id}' is already coordinated on silo {silo.SiloAddress} with another configuration; use another search id.");
            if (_client != client && _ledger.State == SearchState.Running)
                throw new InvalidOperationException(
                    $"Search '{id}' already has a coordinator (silo {silo.SiloAddress}, started by another client); a second coordinator " +
                    "for one search is refused. Follow it with `marketlab cluster status`, or start the search under another id.");
            return Task.FromResult(_ledger.Snapshot());
        }

        _job = job;
        _client = client;
        _ledger = new SearchLedger(id, silo.SiloAddress.ToParsableString());
        // A search outlives Orleans' idle collection; it ends when the search does (or the silo stops).
        DelayDeactivation(TimeSpan.FromDays(7));
        var ledger = _ledger;
        _ = Task.Run(() => RunAsync(job, ledger, _stop.Token));
        return Task.FromResult(ledger.Snapshot());
    }

    public Task<SearchStatus> GetStatusAsync() =>
        Task.FromResult(_ledger?.Snapshot() ?? new SearchStatus
        {
            SearchId = this.GetPrimaryKeyString(), State = SearchState.NotStarted, Coordinator = silo.SiloAddress.ToParsableString(),
        });

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stop.Cancel();
        return Task.CompletedTask;
    }

    private async Task RunAsync(SearchJob job, SearchLedger ledger, CancellationToken stop)
    {
        try
        {
            var hash = WorkbenchCache.HashOf(job.DataPath);
            if (!string.Equals(hash, job.DataSha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{job.DataPath}: the coordinator's silo reads SHA-256 {hash}, the client sent {job.DataSha256}.");
            var (data, kinds) = CsvDataLoader.Load(job.DataPath);
            var executor = new ClusterTrialExecutor(grains, job, ledger, log, () => membership.CurrentStatus == SiloStatus.Active);
            var experiment = new MLContext(job.Seed).Auto().CreateExperiment(job.ToOptions(executor));
            var result = await experiment.RunAsync(data, ledger, stop, kinds);
            if (!stop.IsCancellationRequested) ledger.Complete(result);
        }
        catch (Exception e)
        {
            log.LogError(e, "Search {Search} failed", job.SearchId);
            ledger.Fail(e);
        }
    }
}
