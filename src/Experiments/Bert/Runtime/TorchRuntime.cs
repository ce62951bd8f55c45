using TorchSharp;

namespace MarketLab.Experiments.Bert.Runtime;

/// <summary>
/// The one place that touches libtorch's process-wide state: native loading (with an actionable error instead of
/// TorchSharp's TypeInitializationException), device selection (logged once per process) and the thread count.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static string? loggedDevice;

    /// <summary>How long <see cref="Initialize"/> waits for abandoned background work (AutoML trials) to end.</summary>
    public static readonly TimeSpan AbandonedWorkWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Loads libtorch if needed, applies <paramref name="options"/> and returns the device to use.
    /// The chosen device is written to <paramref name="log"/> the first time it is chosen in this process.
    /// </summary>
    public static torch.Device Initialize(TorchRuntimeOptions? options = null, Action<string>? log = null)
    {
        options = (options ?? TorchRuntimeOptions.Default).Validate();
        // Abandoned AutoML trials still allocating would let the GC finalize TorchSharp Scalars in the middle of
        // libtorch calls (Data/BackgroundWork); give them time to end first.
        Data.BackgroundWork.WaitForAbandoned(AbandonedWorkWait, log);
        EnsureLoaded();
        if (options.Threads is int threads)
        {
            torch.set_num_threads(threads);
        }

        bool cuda = options.Device switch
        {
            TorchDevicePreference.Cpu => false,
            TorchDevicePreference.Cuda => torch.cuda.is_available()
                ? true
                : throw new InvalidOperationException("Device Cuda was requested but torch.cuda.is_available() is false: this build uses libtorch-cpu (build with -p:MarketLabTorchBackend=cuda on a GPU machine; see docs/bert.md) or no CUDA device is visible."),
            _ => torch.cuda.is_available(),
        };
        torch.Device device = cuda ? torch.CUDA : torch.CPU;

        string description = $"TorchSharp device: {device.type} (CUDA available: {cuda}, preference {options.Device}); intra-op threads: {torch.get_num_threads()}; {(cuda ? "bf16 autocast for matrix products (Autocast)" : "float32")}.";
        lock (Gate)
        {
            if (loggedDevice != device.ToString())
            {
                loggedDevice = device.ToString();
                log?.Invoke(description);
            }
        }

        return device;
    }

    /// <summary>
    /// Forces libtorch to load now. On failure the exception says which native file and which fix to check
    /// (TorchSharp itself reports only "missing libtorch reference").
    /// </summary>
    public static void EnsureLoaded()
    {
        try
        {
            using torch.Tensor probe = torch.zeros(1);
        }
        catch (TypeInitializationException e)
        {
            string native = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
            throw new InvalidOperationException(
                $"libtorch could not be loaded from {AppContext.BaseDirectory}. Check that {native} exists (the build copies it " +
                "when a RuntimeIdentifier such as linux-x64 is set) and that `ldd` finds all its dependencies: on Debian 12 the " +
                "build must have marked GLIBCXX_3.4.32 weak (target MarketLabPatchLibTorchSharp, docs/bert.md). Inner error: " +
                e.GetBaseException().Message,
                e);
        }
    }
}
