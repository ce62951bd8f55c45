using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Bert;

/// <summary>
/// Locates model files laid out like <c>shared/models</c> (the read-only folder of public models beside a checkout,
/// never copied into the repository), in this order: the folder named by <c>MARKETLAB_MODELS</c>; the <c>models</c>
/// folder beside <c>MARKETLAB_DATA</c> (shared/datasets); <c>../shared</c> beside the repository that holds the current
/// directory; <c>../shared</c> beside the current directory. Never from the program's own location, so an installed
/// or published CLI works from any folder.
/// </summary>
public static class SharedModels
{
    /// <summary>Environment variable naming a folder laid out like <c>shared/models</c>.</summary>
    public const string EnvironmentVariable = "MARKETLAB_MODELS";

    /// <summary>The bert-base-uncased WordPiece vocabulary (30,522 entries), relative to ../shared.</summary>
    public const string BertBaseUncasedVocab = "models/bert-base-uncased-vocab/vocab.txt";

    private const string Source = "Google's BERT uncased WordPiece vocabulary (google-research/bert, Apache-2.0; an MIT-licensed identical copy is in Microsoft's BlingFire)";

    /// <summary>The places a <c>models/...</c> path is looked for, in order.</summary>
    public static IReadOnlyList<string> Candidates(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        string inModels = relativePath.StartsWith("models/", StringComparison.Ordinal) ? relativePath["models/".Length..] : relativePath;
        var places = new List<string>();
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } models) places.Add(Path.Combine(models, inModels));
        if (Environment.GetEnvironmentVariable(SharedDatasets.EnvironmentVariable) is { Length: > 0 } data) places.Add(Path.Combine(data, "..", relativePath));
        if (RepositoryPaths.FindRoot(Directory.GetCurrentDirectory()) is { } repo) places.Add(Path.Combine(repo, "..", "shared", relativePath));
        places.Add(Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", relativePath));
        return places.Select(Path.GetFullPath).Distinct().ToArray();
    }

    /// <summary>The first existing place of <paramref name="relativePath"/>, else the last place looked (the file may not exist).</summary>
    public static string PathOf(string relativePath)
    {
        IReadOnlyList<string> places = Candidates(relativePath);
        return places.FirstOrDefault(File.Exists) ?? places[^1];
    }

    /// <summary>The full path of <paramref name="relativePath"/>; throws naming every place looked and the source when it is missing.</summary>
    public static string Require(string relativePath)
    {
        IReadOnlyList<string> places = Candidates(relativePath);
        return places.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"Shared file {relativePath} not found. Looked in: {string.Join("; ", places)}. Put the shared folder beside the checkout " +
            $"(../shared) or set {EnvironmentVariable} (a folder laid out like shared/models) or {SharedDatasets.EnvironmentVariable}. " +
            $"It is not part of the repository. Source: {(relativePath == BertBaseUncasedVocab ? Source : "see shared/datasets/SOURCES.md")}.",
            places[^1]);
    }
}
