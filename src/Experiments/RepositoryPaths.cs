namespace MarketLab.Experiments;

/// <summary>Finds the checkout: the nearest folder at or above a start folder holding <c>Experiments.sln</c>.</summary>
internal static class RepositoryPaths
{
    public const string SolutionFile = "Experiments.sln";

    /// <summary>The repository root above <paramref name="start"/>, or null when there is none.</summary>
    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        return null;
    }
}
