using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>A CSV file loaded for AutoML (<see cref="CsvDataLoader.LoadTyped"/>).</summary>
/// <param name="Data">The typed columns in memory (identifiers left out, dates expanded).</param>
/// <param name="Kinds">The kind of every column of <paramref name="Data"/>.</param>
/// <param name="Columns">What was decided for each feature column of the file, in file order (the label left out).</param>
public sealed record TypedCsv(IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds, IReadOnlyList<InferredColumn> Columns);
