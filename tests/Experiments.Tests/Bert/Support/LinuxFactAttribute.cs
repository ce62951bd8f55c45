namespace MarketLab.Experiments.Tests.Bert.Support;

/// <summary>A fact that needs Linux (ELF files, the linux-x64 libtorch); skipped elsewhere with that reason.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux: the build ships the linux-x64 libtorch natives only.";
        }
    }
}
