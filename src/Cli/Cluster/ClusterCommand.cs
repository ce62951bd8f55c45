using System.CommandLine;
using System.Globalization;
using MarketLab.Cli.Ab;
using MarketLab.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace MarketLab.Cli.Cluster;

/// <summary><c>marketlab cluster status --cluster CONN [--search ID]</c>: silos, slots and versions; a search's running trials.</summary>
internal static class ClusterCommand
{
    private static readonly Option<string> ClusterOption = new("--cluster") { Description = "localhost:PORT or a PostgreSQL connection string." };
    private static readonly Option<string> Search = new("--search") { Description = "Also show this search: state, running trials, re-queued trials, best." };

    public static Command Create()
    {
        var status = new Command("status", "List the cluster's silos (version, slots, host) and, with --search, a search's progress.");
        status.Options.Add(ClusterOption);
        status.Options.Add(Search);
        status.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                var connection = ClusterConnection.Parse(parseResult.GetValue(ClusterOption) ?? throw new CliInputException("--cluster", "is required"));
                using var host = ClusterHosting.BuildClient(connection);
                await ClusterHosting.StartAsync(host, connection, cancellationToken);
                var client = host.Services.GetRequiredService<IClusterClient>();
                var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                output.WriteLine($"Cluster {connection.Describe()}: {silos.Count} active silo(s)");
                foreach (var silo in silos.Keys.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal))
                {
                    var info = await client.GetGrain<ITrialSlotGrain>(SlotKey.Of(silo, 0)).DescribeAsync();
                    output.WriteLine($"  {info.Silo}  MarketLab {info.Version}  {info.Slots} slot(s)  {info.Host}");
                }

                if (parseResult.GetValue(Search) is { } id)
                {
                    var s = await client.GetGrain<ISearchCoordinatorGrain>(id).GetStatusAsync();
                    output.WriteLine($"Search {id}: {s.State}, coordinator {s.Coordinator}, {s.Trials.Length} trials done, {s.ElapsedSeconds:0}s");
                    foreach (var r in s.Running)
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  running trial {r.TrialId} on {r.Slot} for {(DateTime.UtcNow - r.StartedUtc).TotalSeconds:0.0}s"));
                    foreach (var q in s.Requeued) output.WriteLine($"  re-queued trial {q.TrialId} from {q.Slot}: {q.Reason}");
                    foreach (var (silo, reason) in s.Refused) output.WriteLine($"  refused {silo}: {reason}");
                    if (s.Error is not null) output.WriteLine($"  error: {s.Error}");
                }

                await host.StopAsync(CancellationToken.None);
                return 0;
            }
            catch (Exception e) when (e is CliInputException or ClusterConfigurationException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"marketlab cluster status: {e.Message}");
                return AbCommand.InputError;
            }
        });
        var command = new Command("cluster", "Inspect a MarketLab cluster.");
        command.Subcommands.Add(status);
        return command;
    }
}
