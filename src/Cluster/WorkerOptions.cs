namespace MarketLab.Cluster;

/// <summary>A worker silo's settings.</summary>
public sealed record WorkerOptions
{
    /// <summary>Trials this silo runs at once (one slot grain each); 0 = none (the silo only hosts grains).</summary>
    public int Slots { get; init; } = 1;

    /// <summary>The version it reports; tests set an older one to check the refusal.</summary>
    public string Version { get; init; } = ClusterVersion.Current;

    /// <summary>Test hook: awaited before each trial on this silo (silo address, trial); slows a chosen silo so a test can kill it mid-trial.</summary>
    internal Func<string, WireTrial, Task>? BeforeTrial { get; init; }

    internal void Validate()
    {
        if (Slots < 0) throw new ArgumentOutOfRangeException(nameof(Slots), Slots, "Must be >= 0.");
        ArgumentException.ThrowIfNullOrWhiteSpace(Version);
    }
}
