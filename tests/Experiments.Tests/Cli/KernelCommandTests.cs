using MarketLab.Cli.Kernel;

namespace MarketLab.Experiments.Tests.Cli;

public sealed class KernelCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void InstallListAndUninstallThroughTheCommandLine()
    {
        var (exit, output, error) = cli.Run("kernel", "install", "--prefix", cli.Directory, "--name", "ml-test");
        Assert.True(exit == 0, error);
        string directory = Path.Combine(KernelSpecs.KernelsDirectory(cli.Directory), "ml-test");
        Assert.Contains(directory, output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "kernel.json")));

        (exit, output, error) = cli.Run("kernel", "uninstall", "ml-test", "--prefix", cli.Directory);
        Assert.True(exit == 0, error);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void UserAndPrefixExcludeEachOther()
    {
        var (exit, _, error) = cli.Run("kernel", "install", "--user", "--prefix", cli.Directory);
        Assert.Equal(KernelCommand.InputError, exit);
        Assert.Contains("--user and --prefix exclude each other", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ServingWithoutAConnectionFileSaysWhatToGive()
    {
        var (exit, _, error) = cli.Run("kernel");
        Assert.Equal(KernelCommand.InputError, exit);
        Assert.Contains("--connection-file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingConnectionFileIsAnInputError()
    {
        var (exit, _, error) = cli.Run("kernel", cli.PathOf("absent.json"));
        Assert.Equal(KernelCommand.InputError, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.False(KernelCommand.HardExitRequested);
    }
}
