using MarketLab.Experiments.Tests.AutoML;

namespace MarketLab.Experiments.Tests.Cli;

/// <summary>The cluster verbs' input errors: one line naming the option, exit code 2 (the cluster itself: tests/Cluster.Tests).</summary>
public sealed class ClusterCommandTests
{
    [Fact]
    public void Automl_on_a_cluster_needs_a_store_the_coordinator_can_write()
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 40));
        var (exit, _, error) = cli.Run("automl", "--data", data, "--label", "label", "--task", "binary", "--cluster", "localhost:30000");
        Assert.Equal(2, exit);
        Assert.StartsWith("marketlab automl: --store: is required with --cluster", error);
    }

    [Fact]
    public void Cluster_and_local_worker_processes_exclude_each_other()
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 40));
        var (exit, _, error) = cli.Run("automl", "--data", data, "--label", "label", "--task", "binary", "--cluster", "localhost:30000",
            "--workers-processes", "2", "--store", cli.PathOf("s.db"));
        Assert.Equal(2, exit);
        Assert.StartsWith("marketlab automl: --workers-processes: cannot be combined with --cluster", error);
    }

    [Fact]
    public void A_worker_without_a_cluster_or_with_an_unreachable_database_exits_with_one_line()
    {
        using var cli = new CliRunner();
        var missing = cli.Run("worker");
        Assert.Equal((2, "marketlab worker: --cluster: is required (localhost:PORT or a PostgreSQL connection string)"), (missing.Exit, missing.Error.Trim()));

        var unreachable = cli.Run("worker", "--cluster", "Host=127.0.0.1;Port=1;Username=marketlab;Database=postgres");
        Assert.Equal(2, unreachable.Exit);
        Assert.StartsWith("marketlab worker: The clustering database is unreachable (PostgreSQL 127.0.0.1:1, database postgres)", unreachable.Error);
    }
}
