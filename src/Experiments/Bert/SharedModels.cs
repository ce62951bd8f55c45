namespace MarketLab.Experiments.Bert;

/// <summary>
/// Locates files under <c>../shared</c>, the read-only folder beside the repository root that holds public models
/// and data (never copied into the repository). The repository root is the nearest folder above the running
/// assembly that contains <c>Experiments.sln</c>.
/// </summary>
public static class SharedModels
{
    /// <summary>The bert-base-uncased WordPiece vocabulary (30,522 entries), relative to ../shared.</summary>
    public const string BertBaseUncasedVocab = "models/bert-base-uncased-vocab/vocab.txt";

    /// <summary>The repository root found by walking up from <paramref name="start"/> (default: the app's base directory).</summary>
    public static string RepositoryRoot(string? start = null)
    {
        start ??= AppContext.BaseDirectory;
        return RepositoryPaths.FindRoot(start)
            ?? throw new DirectoryNotFoundException($"No folder at or above {start} contains {RepositoryPaths.SolutionFile}; cannot locate the repository root (and ../shared beside it).");
    }

    /// <summary>The full path of <paramref name="relativePath"/> under ../shared; the file may not exist.</summary>
    public static string PathOf(string relativePath, string? start = null) =>
        Path.GetFullPath(Path.Combine(RepositoryRoot(start), "..", "shared", relativePath));

    /// <summary>The full path of <paramref name="relativePath"/> under ../shared; throws naming the expected path when it is missing.</summary>
    public static string Require(string relativePath, string? start = null)
    {
        string path = PathOf(relativePath, start);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Shared file {relativePath} not found: expected {path} (the read-only ../shared folder beside the repository root). It is not part of the repository.",
                path);
        }

        return path;
    }
}
