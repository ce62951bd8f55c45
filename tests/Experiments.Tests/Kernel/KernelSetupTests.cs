using System.Text.Json.Nodes;
using MarketLab.Cli.Kernel;

namespace MarketLab.Experiments.Tests.Kernel;

public sealed class KernelSetupTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("marketlab-kernel-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(folder, "connection.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void AConnectionFileGivesEndpointsAndKey()
    {
        ConnectionInfo info = ConnectionInfo.Load(Write("""
            {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
             "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "x"}
            """));
        Assert.Equal("tcp://127.0.0.1:5004", info.Endpoint(info.ControlPort));
        Assert.Equal("k", info.Key);
    }

    [Theory]
    [InlineData("{ not json", "is not JSON")]
    [InlineData("[1]", "must hold a JSON object")]
    [InlineData("""{"iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}""", "has no 'shell_port'")]
    [InlineData("""{"shell_port": 70000, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}""", "'shell_port' must be a port number")]
    [InlineData("""{"transport": "ipc", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}""", "transport 'ipc' is not supported")]
    [InlineData("""{"key": "k", "signature_scheme": "hmac-md5", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}""", "'hmac-md5' is not supported")]
    public void AMalformedConnectionFileNamesTheProblem(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => ConnectionInfo.Load(Write(json)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InstallWritesAKernelspecThatStartsThisMarketlabAndUninstallRemovesIt()
    {
        string kernels = KernelSpecs.KernelsDirectory(folder);
        string directory = KernelSpecs.Install(kernels, "marketlab-test");

        JsonNode spec = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "kernel.json")))!;
        string[] argv = [.. spec["argv"]!.AsArray().Select(a => (string)a!)];
        Assert.Equal(["kernel", "--connection-file", "{connection_file}"], argv[^3..]);
        Assert.True(File.Exists(argv[0]), argv[0]);
        Assert.Equal("message", (string?)spec["interrupt_mode"]);
        Assert.Equal("C#", (string?)spec["language"]);
        Assert.True(new FileInfo(Path.Combine(directory, "logo-64x64.png")).Length > 100);
        Assert.Equal(Path.Combine(folder, "share", "jupyter", "kernels", "marketlab-test"), directory);

        KernelSpecs.Uninstall(kernels, "marketlab-test");
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void InstallAndUninstallLeaveOtherKernelspecsAlone()
    {
        string kernels = KernelSpecs.KernelsDirectory(folder);
        Directory.CreateDirectory(Path.Combine(kernels, ".net-csharp"));
        File.WriteAllText(Path.Combine(kernels, ".net-csharp", "kernel.json"), """{"argv": ["dotnet-interactive"], "display_name": ".NET (C#)"}""");
        var error = Assert.Throws<InvalidOperationException>(() => KernelSpecs.Uninstall(kernels, ".net-csharp"));
        Assert.Contains("not written by marketlab", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<InvalidOperationException>(() => KernelSpecs.Install(kernels, ".net-csharp"));
        Assert.Contains("not replaced", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(kernels, ".net-csharp", "kernel.json")));
    }

    [Fact]
    public void KernelNamesWithSlashesAreRefused() =>
        Assert.Throws<ArgumentException>(() => KernelSpecs.Install(folder, "../escape"));
}
