using System.Reflection;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MarketLab.Experiments.Data.Catalog;

/// <summary>
/// The dataset registry read from <c>datasets/catalog.yaml</c> (embedded in the assembly, so an installed
/// <c>marketlab</c> knows it too). Resolves spec names to files or generators; a missing file's message names
/// the places looked, the source URL and the licence.
/// </summary>
public sealed class DatasetCatalog
{
    private const string ResourceName = "MarketLab.Experiments.catalog.yaml";

    private DatasetCatalog(IReadOnlyList<DatasetEntry> datasets, IReadOnlyList<GeneratorEntry> generators)
    {
        Datasets = datasets;
        Generators = generators;
    }

    public IReadOnlyList<DatasetEntry> Datasets { get; }
    public IReadOnlyList<GeneratorEntry> Generators { get; }

    /// <summary>The catalog shipped with this build.</summary>
    public static DatasetCatalog Default { get; } = LoadDefault();

    /// <summary>Reads a catalog file.</summary>
    public static DatasetCatalog Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads catalog YAML.</summary>
    public static DatasetCatalog Parse(string yaml)
    {
        var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<CatalogFile>(yaml)
            ?? throw new FormatException("The dataset catalog is empty.");
        var datasets = file.Datasets.Select(d => new DatasetEntry(
            d.Name ?? throw new FormatException("A catalog dataset has no name."), Choice<DatasetTask>(d.Name, "task", d.Task),
            Choice<DatasetLoader>(d.Name, "loader", d.Loader ?? "none"),
            d.Location switch { "repository" => DatasetLocation.Repository, "shared" => DatasetLocation.Shared, _ => throw new FormatException($"Catalog dataset '{d.Name}': location '{d.Location}' is not repository or shared.") },
            d.Path ?? throw new FormatException($"Catalog dataset '{d.Name}' has no path."), d.Columns, d.Source ?? "unknown", d.Licence ?? "unknown",
            new SortedDictionary<string, string>(d.Parameters, StringComparer.Ordinal))).ToList();
        var generators = file.Generators.Select(g => new GeneratorEntry(
            g.Name ?? throw new FormatException("A catalog generator has no name."), Choice<DatasetTask>(g.Name, "task", g.Task),
            Choice<DatasetLoader>(g.Name, "loader", g.Loader ?? "none"), g.Description ?? "",
            new SortedDictionary<string, string>(g.Parameters, StringComparer.Ordinal))).ToList();
        return new DatasetCatalog(datasets, generators);
    }

    /// <summary>The entry called <paramref name="name"/>, or null.</summary>
    public DatasetEntry? Find(string name) => Datasets.FirstOrDefault(d => d.Name == name);

    /// <summary>
    /// Resolves a spec's dataset name: a generator (parameters checked and filled with defaults), or a catalogued
    /// file found on disk (parameters checked against the entry's).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing; the message has its source and licence.</exception>
    /// <exception cref="ArgumentException">Unknown name or parameter.</exception>
    public ResolvedDataset Resolve(string text, IReadOnlyDictionary<string, string>? extraParameters = null, IEnumerable<string>? sharedRoots = null)
    {
        var reference = DatasetReference.Parse(text);
        var given = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in reference.Parameters) given[k] = v;
        foreach (var (k, v) in extraParameters ?? new Dictionary<string, string>()) given[k] = v;

        if (reference.IsGenerator)
        {
            var generator = Generators.FirstOrDefault(g => g.Name == reference.Name)
                ?? throw new ArgumentException($"Unknown generator '{reference.Name}'; generators: {string.Join(", ", Generators.Select(g => g.Name))}.");
            return new ResolvedDataset(reference.Name, null, null, generator, Merge(text, generator.Parameters, given));
        }
        var entry = Find(reference.Name)
            ?? throw new ArgumentException($"Unknown dataset '{reference.Name}'; catalog names: {string.Join(", ", Datasets.Select(d => d.Name).Concat(Generators.Select(g => g.Name + "?...")))}. Or give dataset.path: a CSV file.");
        var parameters = Merge(text, entry.Parameters, given);
        if (entry.Location == DatasetLocation.Repository)
        {
            string? root = SharedDatasets.RepositoryRoot();
            string? path = root is null ? null : Path.Combine(root, "datasets", entry.Path);
            // Repository examples are generated data: a missing file (an installed binary) is regenerated later.
            return new ResolvedDataset(entry.Name, path is not null && File.Exists(path) ? path : null, entry, null, parameters);
        }
        try
        {
            string path = sharedRoots is null ? SharedDatasets.Resolve(entry.Path) : SharedDatasets.Resolve(entry.Path, sharedRoots);
            return new ResolvedDataset(entry.Name, path, entry, null, parameters);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException(
                $"Dataset '{entry.Name}' ({entry.Path}) is missing. {e.Message} Download it from {entry.Source} (licence: {entry.Licence}) into the shared datasets folder.",
                entry.Path, e);
        }
    }

    /// <summary>The snake_case spelling of a catalog enum value (<c>TextClassification</c> → <c>text_classification</c>).</summary>
    public static string Snake<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static T Choice<T>(string entry, string key, string? text) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
            if (Snake(value) == text) return value;
        throw new FormatException($"Catalog entry '{entry}': {key} '{text}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(v => Snake(v)))}.");
    }

    private static SortedDictionary<string, string> Merge(string text, IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, string> given)
    {
        var merged = new SortedDictionary<string, string>(defaults.ToDictionary(), StringComparer.Ordinal);
        foreach (var (k, v) in given)
        {
            if (!defaults.ContainsKey(k))
                throw new ArgumentException($"Dataset '{text}': unknown parameter '{k}'; allowed: {(defaults.Count == 0 ? "none" : string.Join(", ", defaults.Keys))}.");
            merged[k] = v;
        }
        return merged;
    }

    private static DatasetCatalog LoadDefault()
    {
        using var stream = typeof(DatasetCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded catalog {ResourceName} is missing from {typeof(DatasetCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    // YamlDotNet fills these by reflection; unknown keys in the catalog are errors.
    private sealed class CatalogFile
    {
        public List<EntryFile> Datasets { get; set; } = [];
        public List<EntryFile> Generators { get; set; } = [];
    }

    private sealed class EntryFile
    {
        public string? Name { get; set; }
        public string? Task { get; set; }
        public string? Loader { get; set; }
        public string? Location { get; set; }
        public string? Path { get; set; }
        public List<string> Columns { get; set; } = [];
        public string? Source { get; set; }
        public string? Licence { get; set; }
        public string? Description { get; set; }
        public Dictionary<string, string> Parameters { get; set; } = [];
    }
}
