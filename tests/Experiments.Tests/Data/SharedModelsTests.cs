using MarketLab.Experiments.Bert;
using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Data;

/// <summary>Model files resolve from the environment and the current directory's checkout, never from the program's folder.</summary>
public sealed class SharedModelsTests
{
    private const string Probe = "models/marketlab-resolution-probe/vocab.txt";

    [Fact]
    public void The_models_variable_comes_first_then_the_models_folder_beside_the_data_variable()
    {
        string models = Directory.CreateTempSubdirectory("ml-models").FullName;
        string shared = Directory.CreateTempSubdirectory("ml-shared").FullName;
        Directory.CreateDirectory(Path.Combine(shared, "datasets"));
        Directory.CreateDirectory(Path.Combine(shared, "models", "marketlab-resolution-probe"));
        File.WriteAllText(Path.Combine(shared, "models", "marketlab-resolution-probe", "vocab.txt"), "[PAD]\n");
        string? oldModels = Environment.GetEnvironmentVariable(SharedModels.EnvironmentVariable);
        string? oldData = Environment.GetEnvironmentVariable(SharedDatasets.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(SharedModels.EnvironmentVariable, models);
            Environment.SetEnvironmentVariable(SharedDatasets.EnvironmentVariable, Path.Combine(shared, "datasets"));
            IReadOnlyList<string> places = SharedModels.Candidates(Probe);
            Assert.Equal(Path.Combine(models, "marketlab-resolution-probe", "vocab.txt"), places[0]);
            Assert.Equal(Path.Combine(shared, "models", "marketlab-resolution-probe", "vocab.txt"), SharedModels.Require(Probe));

            Directory.CreateDirectory(Path.Combine(models, "marketlab-resolution-probe"));
            File.WriteAllText(places[0], "[PAD]\n");
            Assert.Equal(places[0], SharedModels.Require(Probe));
        }
        finally
        {
            Environment.SetEnvironmentVariable(SharedModels.EnvironmentVariable, oldModels);
            Environment.SetEnvironmentVariable(SharedDatasets.EnvironmentVariable, oldData);
            Directory.Delete(models, recursive: true);
            Directory.Delete(shared, recursive: true);
        }
    }

    [Fact]
    public void A_missing_file_names_every_place_and_the_variables()
    {
        FileNotFoundException error = Assert.Throws<FileNotFoundException>(() => SharedModels.Require("models/no-such-model/vocab.txt"));
        Assert.Contains(SharedModels.EnvironmentVariable, error.Message);
        Assert.Contains(SharedDatasets.EnvironmentVariable, error.Message);
        Assert.Contains(Path.Combine("shared", "models", "no-such-model", "vocab.txt"), error.Message);
    }
}
