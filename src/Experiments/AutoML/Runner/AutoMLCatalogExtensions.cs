using Microsoft.ML;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>Adds <c>Auto()</c> to <see cref="MLContext"/>, as ML.NET AutoML does.</summary>
public static class AutoMLCatalogExtensions
{
    /// <summary>The AutoML catalog of <paramref name="ml"/>.</summary>
    public static AutoMLCatalog Auto(this MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return new AutoMLCatalog(ml);
    }
}
