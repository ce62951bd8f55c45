namespace MarketLab.Cluster;

/// <summary>One trial slot of one silo (key <see cref="SlotKey"/>); it trains one trial at a time.</summary>
public interface ITrialSlotGrain : IGrainWithStringKey
{
    /// <summary>The silo's version and slot count.</summary>
    Task<WorkerInfo> DescribeAsync();

    /// <summary>Trains <paramref name="trial"/> of <paramref name="job"/> on this silo (data cached per silo by content hash).</summary>
    /// <exception cref="InvalidOperationException">The job's MarketLab version differs from this silo's, or its data file differs.</exception>
    Task<WireTrialRecord> RunAsync(SearchJob job, WireTrial trial);
}
