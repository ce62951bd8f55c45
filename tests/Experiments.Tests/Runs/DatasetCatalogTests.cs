using MarketLab.Experiments.Data.Catalog;

namespace MarketLab.Experiments.Tests.Runs;

public class DatasetCatalogTests
{
    [Fact]
    public void DefaultCatalogListsDatasetsWithSourceAndLicence()
    {
        var hillstrom = DatasetCatalog.Default.Find("hillstrom");
        Assert.NotNull(hillstrom);
        Assert.Equal(DatasetLocation.Shared, hillstrom.Location);
        Assert.Contains("segment", hillstrom.Columns);
        Assert.All(DatasetCatalog.Default.Datasets, d => Assert.False(string.IsNullOrWhiteSpace(d.Licence)));
    }

    [Fact]
    public void MissingDatasetMessageHasItsSourceUrl()
    {
        string empty = Path.Combine(Path.GetTempPath(), "marketlab-empty-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<FileNotFoundException>(() => DatasetCatalog.Default.Resolve("hillstrom", sharedRoots: [empty]));
        Assert.Contains("Dataset 'hillstrom' (uplift/hillstrom.csv) is missing", e.Message);
        Assert.Contains("https://blog.minethatdata.com/", e.Message);
        Assert.Contains(empty, e.Message);
    }

    [Fact]
    public void GeneratorParametersGetDefaultsAndUnknownOnesFail()
    {
        var resolved = DatasetCatalog.Default.Resolve("synthetic:campaign?customers=2000");
        Assert.Equal("2000", resolved.Parameters["customers"]);
        Assert.Equal("0", resolved.Parameters["seed"]);
        var e = Assert.Throws<ArgumentException>(() => DatasetCatalog.Default.Resolve("synthetic:campaign?custmers=5"));
        Assert.Contains("unknown parameter 'custmers'", e.Message);
    }

    [Fact]
    public void UnknownNameListsTheCatalog()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetCatalog.Default.Resolve("hilstrom"));
        Assert.Contains("hillstrom", e.Message);
        Assert.Contains("synthetic:campaign", e.Message);
    }
}
