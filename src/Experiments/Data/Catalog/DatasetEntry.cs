namespace MarketLab.Experiments.Data.Catalog;

/// <summary>Where a catalogued file lives.</summary>
public enum DatasetLocation
{
    /// <summary>Under the repository's <c>datasets/</c> folder (small generated examples).</summary>
    Repository,

    /// <summary>Under the shared datasets root: <c>$MARKETLAB_DATA</c>, then <c>../shared/datasets</c>.</summary>
    Shared,
}

/// <summary>A dataset in <c>datasets/catalog.yaml</c>: a file, its schema, provenance, loader and default parameters.</summary>
public sealed record DatasetEntry(
    string Name,
    DatasetTask Task,
    DatasetLoader Loader,
    DatasetLocation Location,
    string Path,
    IReadOnlyList<string> Columns,
    string Source,
    string Licence,
    IReadOnlyDictionary<string, string> Parameters);

/// <summary>A generator in the catalog, addressed as <c>synthetic:NAME?key=value&amp;...</c>, with its parameters' defaults.</summary>
public sealed record GeneratorEntry(string Name, DatasetTask Task, DatasetLoader Loader, string Description, IReadOnlyDictionary<string, string> Parameters);
