using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace MarketLab.Cluster.Tests;

/// <summary>Membership in PostgreSQL (<c>--cluster "Host=..."</c>): silos join through it, clients find gateways in it, and an unreachable database is a clear error.</summary>
public sealed class PostgresClusteringTests
{
    [Fact]
    public async Task An_unreachable_clustering_database_fails_the_worker_with_a_clear_message()
    {
        // Port 1 on the loopback interface: nothing listens there, the connection is refused at once.
        var connection = ClusterConnection.Parse("Host=127.0.0.1;Port=1;Username=marketlab;Database=postgres;Timeout=3");
        using var host = ClusterHosting.BuildWorker(connection, new WorkerOptions(), ClusterHosting.FreePort(), ClusterHosting.FreePort());

        var error = await Assert.ThrowsAsync<ClusterConfigurationException>(() => ClusterHosting.StartAsync(host, connection));

        Assert.StartsWith("The clustering database is unreachable (PostgreSQL 127.0.0.1:1, database postgres)", error.Message);
        Assert.EndsWith("Start PostgreSQL or fix --cluster.", error.Message);
    }

    [Theory]
    [InlineData("", "--cluster is empty")]
    [InlineData("localhost:http", "the port must be a number")]
    [InlineData("Bogus Key=1", "neither localhost:PORT nor a PostgreSQL connection string")]
    public void A_malformed_cluster_option_is_refused(string text, string expected)
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterConnection.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_cluster_option_carries_a_cluster_id_beside_the_Npgsql_keys()
    {
        var connection = ClusterConnection.Parse("Host=db.example;Port=5433;Username=u;Database=d;ClusterId=ci-42");
        Assert.Equal((ClusterMode.Postgres, "ci-42"), (connection.Mode, connection.ClusterId));
        Assert.DoesNotContain("ClusterId", connection.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("PostgreSQL db.example:5433, database d, cluster ci-42", connection.Describe());
        Assert.Equal((ClusterMode.Localhost, 4100), (ClusterConnection.Parse("localhost:4100").Mode, ClusterConnection.Parse("localhost:4100").PrimaryPort));
    }

    [PostgresFact]
    public async Task Two_silos_and_a_client_meet_through_PostgreSQL_and_run_a_search()
    {
        var database = PostgresFactAttribute.Require();
        var connection = ClusterConnection.Parse(database) with { ClusterId = "test-" + Guid.NewGuid().ToString("N")[..8] };
        var data = ClusterTestData.WriteBinaryCsv(rows: 150, seed: 11);
        var silos = new List<IHost>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var silo = ClusterHosting.BuildWorker(connection, new WorkerOptions(), ClusterHosting.FreePort(), ClusterHosting.FreePort());
                await ClusterHosting.StartAsync(silo, connection);
                silos.Add(silo);
            }

            using var client = ClusterHosting.BuildClient(connection);
            await ClusterHosting.StartAsync(client, connection);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);

            var job = TestClusters.Job(data, trials: 6, parallel: 2);
            var status = await ClusterSearch.RunAsync(grains, job, poll: TimeSpan.FromMilliseconds(100));
            Assert.Equal(SearchState.Completed, status.State);
            Assert.Equal(6, status.Trials.Length);
            Assert.Equal(2, status.Workers.Count);
            await client.StopAsync();
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.StopAsync();
                silo.Dispose();
            }
        }
    }
}
