using System.Reflection;

namespace MarketLab.Cluster;

/// <summary>The MarketLab version of this build (the assembly's informational version without a source-revision suffix).</summary>
public static class ClusterVersion
{
    /// <summary>E.g. "0.1.0".</summary>
    public static string Current { get; } =
        (typeof(ClusterVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
