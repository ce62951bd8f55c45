namespace MarketLab.Experiments.Bert.Runtime;

/// <summary>How TorchSharp is set up for a run: device and intra-op CPU threads.</summary>
/// <param name="Device">Device choice; <see cref="TorchDevicePreference.Auto"/> picks CUDA when available.</param>
/// <param name="Threads">Intra-op threads for <c>torch.set_num_threads</c>; null keeps libtorch's default (one per core).</param>
public sealed record TorchRuntimeOptions(TorchDevicePreference Device = TorchDevicePreference.Auto, int? Threads = null)
{
    /// <summary>Auto device, libtorch's default thread count.</summary>
    public static TorchRuntimeOptions Default { get; } = new();

    /// <summary>Throws when <see cref="Threads"/> is not positive or <see cref="Device"/> is not a defined value.</summary>
    public TorchRuntimeOptions Validate()
    {
        if (Threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, $"Threads must be at least 1 (or null for libtorch's default); got {Threads}.");
        }

        if (!Enum.IsDefined(Device))
        {
            throw new ArgumentOutOfRangeException(nameof(Device), Device, $"Device must be one of {string.Join(", ", Enum.GetNames<TorchDevicePreference>())}; got {(int)Device}.");
        }

        return this;
    }
}
