namespace MarketLab.Cluster;

/// <summary>What a silo tells the coordinator about itself.</summary>
/// <param name="Silo">Its address (<c>SiloAddress.ToParsableString</c>).</param>
/// <param name="Version">Its MarketLab version.</param>
/// <param name="Slots">Trials it runs at once (0: a silo that only hosts grains, such as the CLI's local coordinator silo).</param>
/// <param name="Host">Machine name and process id, for <c>marketlab cluster status</c>.</param>
[GenerateSerializer, Immutable]
public sealed record WorkerInfo([property: Id(0)] string Silo, [property: Id(1)] string Version, [property: Id(2)] int Slots, [property: Id(3)] string Host);
