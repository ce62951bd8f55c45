using System.CommandLine;
using System.Net;
using MarketLab.Cli.Ab;
using MarketLab.Cluster;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace MarketLab.Cli.Cluster;

/// <summary><c>marketlab worker --cluster CONN</c>: a silo that trains AutoML trials until Ctrl+C (or SIGTERM).</summary>
internal static class WorkerCommand
{
    private static readonly Option<string> ClusterOption = new("--cluster") { Description = "localhost:PORT (development clustering; the primary listens on PORT) or a PostgreSQL connection string (Host=...;Username=...;Database=...)." };
    private static readonly Option<int> Slots = new("--slots") { Description = "Trials this worker runs at once.", DefaultValueFactory = _ => 1 };
    private static readonly Option<bool> Primary = new("--primary") { Description = "Localhost clustering: be the primary silo (listen on PORT and PORT+1)." };
    private static readonly Option<string> Advertise = new("--advertise") { Description = "PostgreSQL clustering: the IP address other machines reach this worker at (default 127.0.0.1, one machine)." };

    public static Command Create()
    {
        var command = new Command("worker", "Run an AutoML worker silo of a MarketLab cluster (until Ctrl+C).");
        foreach (Option option in new Option[] { ClusterOption, Slots, Primary, Advertise }) command.Options.Add(option);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var connection = ClusterConnection.Parse(parseResult.GetValue(ClusterOption) ?? throw new CliInputException("--cluster", "is required (localhost:PORT or a PostgreSQL connection string)"));
                var slots = parseResult.GetValue(Slots);
                if (slots < 0) throw new CliInputException("--slots", $"{slots} must be >= 0");
                var primary = parseResult.GetValue(Primary);
                if (primary && connection.Mode != ClusterMode.Localhost) throw new CliInputException("--primary", "applies to localhost clustering only");
                IPAddress? advertise = null;
                if (parseResult.GetValue(Advertise) is { } ip && !IPAddress.TryParse(ip, out advertise))
                    throw new CliInputException("--advertise", $"'{ip}' is not an IP address");
                var siloPort = primary ? connection.PrimaryPort : ClusterHosting.FreePort();
                var gatewayPort = primary ? connection.PrimaryPort + 1 : ClusterHosting.FreePort();
                using var host = ClusterHosting.BuildWorker(connection, new WorkerOptions { Slots = slots }, siloPort, gatewayPort, advertise);
                await ClusterHosting.StartAsync(host, connection, cancellationToken);
                var silo = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
                output.WriteLine($"worker: silo {silo.ToParsableString()} joined {connection.Describe()} with {slots} slot(s), MarketLab {ClusterVersion.Current}");
                try { await Task.Delay(Timeout.Infinite, cancellationToken); }
                catch (OperationCanceledException) { }
                await host.StopAsync(CancellationToken.None);
                return 0;
            }
            catch (Exception e) when (e is CliInputException or ClusterConfigurationException)
            {
                error.WriteLine($"marketlab worker: {e.Message}");
                return AbCommand.InputError;
            }
        });
        return command;
    }
}
