namespace MarketLab.Experiments.Data.Catalog;

/// <summary>A spec's dataset after lookup: a file on disk, or a generator with its full parameters.</summary>
/// <param name="Name">Catalog or generator name (or the path for files named directly).</param>
/// <param name="FilePath">The file, when the data is one; null for generators and for repository examples not on disk.</param>
/// <param name="Entry">The catalog entry, when the name was catalogued.</param>
/// <param name="Generator">The generator, for <c>synthetic:</c> names.</param>
/// <param name="Parameters">Parameters with defaults filled in.</param>
public sealed record ResolvedDataset(string Name, string? FilePath, DatasetEntry? Entry, GeneratorEntry? Generator, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The catalogued loader of the entry or generator; null for a file named by path.</summary>
    public DatasetLoader? Loader => Entry?.Loader ?? Generator?.Loader;

    /// <summary>A CSV named by path in a spec.</summary>
    public static ResolvedDataset File(string path) =>
        System.IO.File.Exists(path) ? new ResolvedDataset(path, path, null, null, new Dictionary<string, string>())
        : throw new FileNotFoundException($"Dataset file '{path}' does not exist.", path);
}
