using Microsoft.ML;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;

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
