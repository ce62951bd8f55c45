using MarketLab.Experiments.Models;

namespace MarketLab.Experiments.Tests.Models.Support;

/// <summary>Installs both catalog models once into a temporary model cache (deleted afterwards), reusing the NuGet packages.</summary>
public sealed class InstalledModelsFixture : IDisposable
{
    private readonly Dictionary<string, InstalledModel> installed = new(StringComparer.Ordinal);

    public string Root { get; } = Directory.CreateTempSubdirectory("marketlab-models-").FullName;

    /// <summary>The installed model (installed on first use).</summary>
    public InstalledModel Get(PretrainedModelInfo info)
    {
        lock (installed)
        {
            if (!installed.TryGetValue(info.Name, out InstalledModel? model))
            {
                installed[info.Name] = model = PretrainedModelStore.Get(info, Root);
            }

            return model;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
