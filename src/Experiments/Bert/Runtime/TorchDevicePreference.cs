namespace MarketLab.Experiments.Bert.Runtime;

/// <summary>Which device BERT work runs on.</summary>
public enum TorchDevicePreference
{
    /// <summary>CUDA when <c>torch.cuda.is_available()</c>, otherwise the CPU.</summary>
    Auto,

    /// <summary>Always the CPU.</summary>
    Cpu,

    /// <summary>CUDA; fails when no CUDA device (or no CUDA build of libtorch) is present.</summary>
    Cuda,
}
