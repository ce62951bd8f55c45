namespace MarketLab.Experiments.Tests.Bert.Support;

/// <summary>A theory that needs Linux (the linux-x64 libtorch); skipped elsewhere with that reason, like <see cref="LinuxFactAttribute"/>.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux: the build ships the linux-x64 libtorch natives only.";
        }
    }
}
