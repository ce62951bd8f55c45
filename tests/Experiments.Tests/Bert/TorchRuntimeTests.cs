using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Tests.Bert.Support;
using TorchSharp;

namespace MarketLab.Experiments.Tests.Bert;

[Collection(TorchCollection.Name)]
public sealed class TorchRuntimeTests
{
    [LinuxFact]
    public void A_tensor_op_works_after_the_build_patched_the_native_library()
    {
        TorchRuntime.EnsureLoaded();
        using torch.Tensor sum = torch.ones(2, 2).sum();
        Assert.Equal(4f, sum.item<float>());
    }

    [LinuxFact]
    public void The_cpu_preference_gives_the_cpu_and_logs_the_choice_once()
    {
        var lines = new List<string>();
        torch.Device first = TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Cpu), lines.Add);
        torch.Device second = TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Cpu), lines.Add);
        Assert.Equal(DeviceType.CPU, first.type);
        Assert.Equal(DeviceType.CPU, second.type);
        Assert.True(lines.Count <= 1, string.Join(" | ", lines)); // another test may have logged the CPU first
    }

    [LinuxFact]
    public void Auto_picks_cuda_exactly_when_cuda_is_available()
    {
        torch.Device device = TorchRuntime.Initialize(TorchRuntimeOptions.Default);
        Assert.Equal(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
    }

    [LinuxFact]
    public void The_thread_count_is_applied()
    {
        int before = torch.get_num_threads();
        try
        {
            TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Cpu, Threads: 1));
            Assert.Equal(1, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_thread_count_below_one_is_rejected_with_the_value(int threads)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TorchRuntimeOptions(Threads: threads).Validate());
        Assert.Contains($"got {threads}", error.Message);
    }
}
