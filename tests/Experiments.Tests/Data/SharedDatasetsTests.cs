using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Data;

public class SharedDatasetsTests
{
    [Fact]
    public void MissingDatasetNamesThePlacesAndTheSource()
    {
        string empty = Directory.CreateTempSubdirectory("marketlab-nodata").FullName;
        var ex = Assert.Throws<FileNotFoundException>(() => SharedDatasets.Resolve("uplift/hillstrom.csv", [empty]));
        Assert.Contains("uplift/hillstrom.csv", ex.Message);
        Assert.Contains(empty, ex.Message);
        Assert.Contains("MineThatData", ex.Message);
        Assert.Contains(SharedDatasets.EnvironmentVariable, ex.Message);
    }

    [SharedDataFact("uplift/hillstrom.csv")]
    public void HillstromResolvesBesideTheCheckout() => Assert.True(File.Exists(SharedDatasets.Resolve("uplift/hillstrom.csv")));
}
