namespace MarketLab.Experiments.Data;

/// <summary>
/// Finds public datasets without copying them into the repository: first in the folder named by the
/// <c>MARKETLAB_DATA</c> environment variable, then in <c>../shared/datasets</c> beside the checkout that holds the
/// current directory (found by walking up to <c>Experiments.sln</c>), then beside the current directory. Never from
/// the program's own location, so an installed or published CLI behaves the same from any folder.
/// </summary>
public static class SharedDatasets
{
    /// <summary>Environment variable naming a folder laid out like <c>shared/datasets</c>.</summary>
    public const string EnvironmentVariable = "MARKETLAB_DATA";

    // Where each dataset comes from, for the message when it is missing (see shared/datasets/SOURCES.md).
    private static readonly Dictionary<string, string> Sources = new(StringComparer.Ordinal)
    {
        ["uplift/hillstrom.csv"] = "Kevin Hillstrom's MineThatData E-Mail Analytics challenge (2008), https://blog.minethatdata.com/2008/03/minethatdata-e-mail-analytics-and-data.html",
        ["uplift/starbucks_training.csv"] = "the Starbucks promotion exercise (Udacity data-science course)",
        ["uplift/criteo_uplift_v2.1_sample1000.csv"] = "Criteo Uplift Prediction Dataset v2.1 (Diemert et al. 2018), https://ailab.criteo.com/criteo-uplift-prediction-dataset/",
        ["ctr/open-bandit"] = "Open Bandit Dataset (Saito et al., arXiv 2008.07146), https://research.zozo.com/data.html",
        ["text/uci_sentiment_labelled"] = "UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015), https://archive.ics.uci.edu/dataset/331",
        ["text/sst2"] = "GLUE SST-2 (Socher et al. 2013), https://gluebenchmark.com/tasks",
        ["text/banking77"] = "BANKING77 (Casanueva et al. 2020), https://github.com/PolyAI-LDN/task-specific-datasets",
    };

    /// <summary>Full path of a file or folder under the datasets root, e.g. <c>uplift/hillstrom.csv</c>.</summary>
    /// <exception cref="FileNotFoundException">Nowhere to be found; the message names the places looked and the source.</exception>
    public static string Resolve(string relativePath) => Resolve(relativePath, Roots());

    internal static string Resolve(string relativePath, IEnumerable<string> roots)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        var candidates = roots.Select(root => Path.GetFullPath(Path.Combine(root, relativePath))).Distinct().ToList();
        foreach (var candidate in candidates)
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        string source = Sources.FirstOrDefault(s => relativePath.StartsWith(s.Key, StringComparison.Ordinal)).Value ?? "see shared/datasets/SOURCES.md";
        throw new FileNotFoundException(
            $"Dataset '{relativePath}' was not found. Looked in: {string.Join("; ", candidates)}. " +
            $"Put the shared datasets folder beside the checkout (../shared/datasets) or set {EnvironmentVariable}. Source: {source}.",
            relativePath);
    }

    /// <summary>Whether <paramref name="relativePath"/> can be resolved.</summary>
    public static bool Exists(string relativePath)
    {
        try { Resolve(relativePath); return true; }
        catch (FileNotFoundException) { return false; }
    }

    private static IEnumerable<string> Roots()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) yield return env;
        if (RepositoryRoot() is { } repo) yield return Path.Combine(repo, "..", "shared", "datasets");
        yield return Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "datasets");
    }

    /// <summary>The folder holding <c>Experiments.sln</c> at or above the current directory, if any.</summary>
    public static string? RepositoryRoot() => RepositoryPaths.FindRoot(Directory.GetCurrentDirectory());
}
