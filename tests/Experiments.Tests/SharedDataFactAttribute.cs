using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests;

/// <summary>
/// A fact that needs a dataset from ../shared/datasets: skipped with the reason when the data is absent
/// (a fresh clone on a laptop), but always run when CI=true, where a missing dataset must fail.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativePath)
    {
        if (!SharedDatasets.Exists(relativePath) && !IsCi)
            Skip = $"needs ../shared/datasets/{relativePath} (not present; set {SharedDatasets.EnvironmentVariable} or put shared/ beside the checkout)";
    }

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
