using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Spaces;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>Entry point to AutoML, reached as <c>mlContext.Auto()</c> (<see cref="AutoMLCatalogExtensions"/>).</summary>
public sealed class AutoMLCatalog
{
    private readonly MLContext _ml;

    internal AutoMLCatalog(MLContext ml) => _ml = ml;

    /// <summary>Creates an experiment from options (validated here, once).</summary>
    public AutoMLExperiment CreateExperiment(AutoMLExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AutoMLExperiment(_ml, options);
    }

    /// <summary>Creates an experiment from the common settings (flat overload).</summary>
    public AutoMLExperiment CreateExperiment(AutoMLTask task, string labelColumn, TimeSpan timeBudget, TunerKind tuner = TunerKind.Cfo, int seed = 0) =>
        CreateExperiment(new AutoMLExperimentOptions { Task = task, LabelColumn = labelColumn, TimeBudget = timeBudget, Tuner = tuner, Seed = seed });

    /// <summary>Loads a CSV with inferred column types (<see cref="CsvDataLoader"/>).</summary>
    public (IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds) LoadCsv(string path) => CsvDataLoader.Load(path);
}
