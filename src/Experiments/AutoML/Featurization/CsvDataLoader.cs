using System.Globalization;
using MarketLab.Evaluation.Data;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.AutoML.Runner;

namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>Loads a CSV file (header row, RFC 4180) into an in-memory IDataView with inferred column types.</summary>
public static class CsvDataLoader
{
    /// <summary>
    /// Reads <paramref name="path"/> with <see cref="CsvReader"/> (errors name file, line and column) and types each
    /// column by <see cref="ColumnInference"/>: Numeric → Single, Boolean → Boolean, Categorical/Text → Text.
    /// </summary>
    /// <returns>The data and the inferred kind per column.</returns>
    /// <exception cref="AutoMLDataException">The file has a header but no rows.</exception>
    public static (IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds) Load(string path)
    {
        using var reader = CsvReader.Open(path);
        var fields = reader.Header.Select(_ => new List<string>()).ToArray();
        while (reader.Read())
            for (var i = 0; i < fields.Length; i++) fields[i].Add(reader.Field(i).ToString());
        if (fields.Length == 0 || fields[0].Count == 0)
            throw new AutoMLDataException(null, $"{path}: the file has a header but no data rows.");

        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        var columns = new Array[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var kind = ColumnInference.InferCsv(fields[i]);
            kinds[reader.Header[i]] = kind;
            columns[i] = kind switch
            {
                ColumnKind.Boolean => fields[i].Select(f => !ColumnInference.IsMissing(f) && bool.Parse(f.Trim())).ToArray(),
                ColumnKind.Numeric => fields[i].Select(f => ColumnInference.IsMissing(f)
                    ? float.NaN : (float)double.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(),
                _ => fields[i].Select(f => (ColumnInference.IsMissing(f) ? "" : f).AsMemory()).ToArray(),
            };
        }

        return (new InMemoryDataView(reader.Header, columns), kinds);
    }
}
