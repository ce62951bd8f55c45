namespace MarketLab.Experiments.Tests.Notebooks;

/// <summary>
/// Notebook runs redirect Console (process-wide), so these tests run alone, never beside other tests
/// that might write to the console while a cell's output is captured.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks";
}
