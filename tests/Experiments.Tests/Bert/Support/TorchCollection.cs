namespace MarketLab.Experiments.Tests.Bert.Support;

/// <summary>
/// Tests that touch TorchSharp run alone: torch.manual_seed and dropout use one process-wide generator,
/// so a torch test running in parallel with another would draw from the same stream and break the seeded
/// determinism checks (a resumed run must equal an uninterrupted one to the bit).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "TorchSharp (process-wide RNG)";
}
