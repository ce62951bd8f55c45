using MarketLab.Experiments.Bert;
using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests;

/// <summary>
/// A fact that needs a file from the read-only ../shared folder: a dataset path relative to
/// ../shared/datasets (e.g. <c>uplift/hillstrom.csv</c>) or a model path starting with <c>models/</c>.
/// Skipped, with the reason and the expected place, when the file is absent (a fresh clone on a laptop),
/// but always run when CI=true, where a missing file must fail.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativePath) => Skip = SkipReason(relativePath);

    /// <summary>Null when the file is present or CI=true; else why the test is skipped.</summary>
    internal static string? SkipReason(string relativePath)
    {
        if (IsCi || Exists(relativePath)) return null;
        return relativePath.StartsWith("models/", StringComparison.Ordinal)
            ? $"needs ../shared/{relativePath} (not present beside the checkout); runs whenever CI=true"
            : $"needs ../shared/datasets/{relativePath} (not present; set {SharedDatasets.EnvironmentVariable} or put shared/ beside the checkout); runs whenever CI=true";
    }

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static bool Exists(string relativePath)
    {
        if (!relativePath.StartsWith("models/", StringComparison.Ordinal)) return SharedDatasets.Exists(relativePath);
        try { return File.Exists(SharedModels.PathOf(relativePath)); }
        catch (DirectoryNotFoundException) { return false; }
    }
}

/// <summary>The theory form of <see cref="SharedDataFactAttribute"/>.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute(string relativePath) => Skip = SharedDataFactAttribute.SkipReason(relativePath);
}
