using Microsoft.ML;

namespace MarketLab.Experiments.Uplift;

/// <summary>Entry point: <c>mlContext.Uplift()</c>.</summary>
public static class UpliftCatalogExtensions
{
    public static UpliftCatalog Uplift(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new UpliftCatalog(context);
    }
}
