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
    public void EveryEntryNamesItsLoaderAndTheRunnerNeverMatchesNames()
    {
        var catalog = DatasetCatalog.Default;
        Assert.Equal(DatasetLoader.Hillstrom, catalog.Find("hillstrom")!.Loader);
        Assert.Equal(DatasetTask.Uplift, catalog.Find("hillstrom")!.Task);
        Assert.Equal(DatasetLoader.SentimentTsv, catalog.Find("sst2")!.Loader);
        Assert.Equal(DatasetLoader.OpenBanditClicks, catalog.Find("open_bandit_clicks_women")!.Loader);
        Assert.Equal(DatasetLoader.AbUnitLog, catalog.Resolve("synthetic:ab_units").Loader);
        // Only entries kept for provenance have no loader.
        Assert.Equal(["criteo_uplift_sample", "open_bandit_random_men", "starbucks"],
            catalog.Datasets.Where(d => d.Loader == DatasetLoader.None).Select(d => d.Name).Order(StringComparer.Ordinal));
        // Issue 14: the run's data preparation dispatches on the loader; no catalogued name appears in its source.
        string folder = Path.Combine(MarketLab.Experiments.Data.SharedDatasets.RepositoryRoot()!, "src", "Experiments", "Runs", "Data");
        foreach (string file in new[] { "RunData.cs", "TabularData.cs" })
        {
            string source = File.ReadAllText(Path.Combine(folder, file));
            foreach (string name in catalog.Datasets.Select(d => d.Name).Concat(catalog.Generators.Select(g => g.Name)))
                Assert.False(source.Contains($"\"{name}\"", StringComparison.Ordinal), $"{file} matches the dataset name \"{name}\"");
        }
    }

    [Fact]
    public void UnknownLoaderOrTaskInTheCatalogIsNamed()
    {
        const string Yaml = """
            datasets:
              - {name: d, task: uplift, loader: parquet, location: shared, path: x.csv}
            """;
        var e = Assert.Throws<FormatException>(() => DatasetCatalog.Parse(Yaml));
        Assert.Contains("Catalog entry 'd': loader 'parquet' is not one of none, ab_unit_log, hillstrom", e.Message);
        e = Assert.Throws<FormatException>(() => DatasetCatalog.Parse(Yaml.Replace("task: uplift", "task: ctr_prediction").Replace("parquet", "hillstrom")));
        Assert.Contains("task 'ctr_prediction' is not one of ab_test, uplift, text_classification, tabular_classification, ctr", e.Message);
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
