using MarketLab.Experiments.Bert;

namespace MarketLab.Experiments.Tests.Bert.Support;

/// <summary>
/// A fact that reads a file under ../shared. Skipped, with the expected path, when the file is absent, except when
/// the environment variable CI is "true": CI always has ../shared, so there the test runs (and fails loudly if it is missing).
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativePath)
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            return;
        }

        string? path = null;
        try
        {
            path = SharedModels.PathOf(relativePath);
        }
        catch (DirectoryNotFoundException)
        {
        }

        if (path is null || !File.Exists(path))
        {
            Skip = $"Needs ../shared/{relativePath} (expected at {path ?? "<repository root not found>"}); absent here. Runs whenever CI=true.";
        }
    }
}
