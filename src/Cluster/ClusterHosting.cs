using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;

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

    /// <summary>Joins <paramref name="connection"/>'s cluster as a silo listening on <paramref name="siloPort"/> and <paramref name="gatewayPort"/>.</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="connection">Localhost (the primary's port) or PostgreSQL membership.</param>
    /// <param name="siloPort">This silo's port (in localhost mode, the primary's port makes this silo the primary).</param>
    /// <param name="gatewayPort">This silo's client gateway port.</param>
    /// <param name="advertise">The address other machines reach this silo at (PostgreSQL mode); default 127.0.0.1.</param>
    public static ISiloBuilder UseMarketLabClustering(this ISiloBuilder silo, ClusterConnection connection, int siloPort, int gatewayPort, IPAddress? advertise = null)
    {
        silo.Configure<ClusterOptions>(o => { o.ClusterId = connection.ClusterId; o.ServiceId = ClusterId; });
        if (connection.Mode == ClusterMode.Localhost)
            return silo.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, connection.PrimaryPort));
        silo.Services.AddSingleton(connection);
        silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        return silo.ConfigureEndpoints(advertise ?? IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: advertise is not null);
    }

    /// <summary>Connects a client to <paramref name="connection"/>'s cluster.</summary>
    public static IClientBuilder UseMarketLabClustering(this IClientBuilder client, ClusterConnection connection)
    {
        client.Configure<ClusterOptions>(o => { o.ClusterId = connection.ClusterId; o.ServiceId = ClusterId; });
        if (connection.Mode == ClusterMode.Localhost) return client.UseLocalhostClustering(connection.PrimaryPort + 1);
        client.Services.AddSingleton(connection);
        client.Services.AddSingleton<IGatewayListProvider, PostgresGatewayListProvider>();
        return client;
    }

    /// <summary>A worker silo host (not started): <paramref name="worker"/>'s slots, fast failure detection, warnings-only logging.</summary>
    public static IHost BuildWorker(ClusterConnection connection, WorkerOptions worker, int siloPort, int gatewayPort, IPAddress? advertise = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Quiet(builder.Logging);
        builder.UseOrleans(silo => silo.UseMarketLabClustering(connection, siloPort, gatewayPort, advertise).AddMarketLabWorker(worker).UseFastFailureDetection());
        return builder.Build();
    }

    /// <summary>A client host (not started).</summary>
    public static IHost BuildClient(ClusterConnection connection)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Quiet(builder.Logging);
        builder.UseOrleansClient(client => client.UseMarketLabClustering(connection));
        return builder.Build();
    }

    /// <summary>Starts a silo or client host; a configuration problem anywhere in Orleans' startup surfaces as one <see cref="ClusterConfigurationException"/>.</summary>
    public static async Task StartAsync(IHost host, ClusterConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Find<ClusterConfigurationException>(e) is { } config)
        {
            throw new ClusterConfigurationException(config.Message, e);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ClusterConfigurationException($"Could not join the cluster at {connection.Describe()}: {e.GetType().Name}: {e.Message}", e);
        }
    }

    // MarketLab's own warnings (a lost trial, a refused silo) on the console; Orleans' and the host's only when critical:
    // a failed start is reported once, as a ClusterConfigurationException, instead of three stack traces.
    private static void Quiet(ILoggingBuilder logging) =>
        logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Orleans", LogLevel.Critical).AddFilter("Microsoft", LogLevel.Critical);

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
            if (e is AggregateException a && a.InnerExceptions.Select(Find<T>).FirstOrDefault(x => x is not null) is { } inner) return inner;
        }

        return null;
    }
}
