using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace MarketLab.Cluster;

/// <summary>Silo and client configuration shared by <c>marketlab worker</c>, <c>marketlab automl --cluster</c> and the tests.</summary>
public static class ClusterHosting
{
    /// <summary>Orleans cluster and service id of every MarketLab cluster.</summary>
    public const string ClusterId = "marketlab";

    /// <summary>
    /// How long a call to a slot may take: as long as a trial. Calls to a silo that dies do not wait for it: Orleans fails
    /// them once membership declares the silo dead.
    /// </summary>
    public static readonly TimeSpan TrialCallTimeout = TimeSpan.FromHours(2);

    /// <summary>Makes this silo a MarketLab worker with <paramref name="worker"/>'s slots (every silo of the cluster needs it: it also places slot grains).</summary>
    public static ISiloBuilder AddMarketLabWorker(this ISiloBuilder silo, WorkerOptions worker)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(worker);
        worker.Validate();
        silo.Services.AddSingleton(worker);
        silo.Services.AddSingleton<WorkbenchCache>();
        silo.AddPlacementDirector<SlotPlacementStrategy, SlotPlacementDirector>();
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TrialCallTimeout);
        return silo;
    }

    /// <summary>
    /// Failure detection tuned for a test or a laptop: a silo that stops answering is declared dead in a few seconds
    /// (Orleans' defaults take about a minute, right for a data centre).
    /// </summary>
    public static ISiloBuilder UseFastFailureDetection(this ISiloBuilder silo) =>
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        });
}
