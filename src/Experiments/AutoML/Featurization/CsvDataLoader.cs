using MarketLab.Evaluation.Data;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>Loads a CSV file (header row, RFC 4180) into an in-memory IDataView with inferred column types.</summary>
public static class CsvDataLoader
{
    /// <summary>
    /// Reads <paramref name="path"/> with <see cref="CsvReader"/> (errors name file, line and column) and types each
    /// column by <see cref="ColumnInference"/>: Numeric → Single, Boolean → Boolean, Categorical/Text → Text.
    /// Identifiers are left out and dates expanded (<see cref="ColumnTyping"/>).
    /// </summary>
    /// <returns>The data and the kind per column.</returns>
    /// <exception cref="AutoMLDataException">The file has a header but no rows.</exception>
    public static (IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds) Load(string path)
    {
        var csv = LoadTyped(path);
        return (csv.Data, csv.Kinds);
    }

    /// <summary>
    /// As <see cref="Load"/>, with the user's kinds (<paramref name="overrides"/>, e.g. from <c>--column name:kind</c>)
    /// in place of inferred ones, and what was decided per column (<see cref="TypedCsv.Columns"/>) to show the user.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="overrides">Kinds set by the user; each name must be a column of the file.</param>
    /// <param name="label">The label column, if known: it is kept as Boolean, Numeric or text, never dropped or expanded.</param>
    /// <exception cref="ArgumentException">An override names no column, or sets the label to identifier or date.</exception>
    public static TypedCsv LoadTyped(string path, IReadOnlyDictionary<string, ColumnKind>? overrides = null, string? label = null)
    {
        using var reader = CsvReader.Open(path);
        var fields = reader.Header.Select(_ => new List<string>()).ToArray();
        while (reader.Read())
            for (var i = 0; i < fields.Length; i++) fields[i].Add(reader.Field(i).ToString());
        if (fields.Length == 0 || fields[0].Count == 0)
            throw new AutoMLDataException(null, $"{path}: the file has a header but no data rows.");
        overrides ??= new Dictionary<string, ColumnKind>();
        foreach (var name in overrides.Keys.Where(n => !reader.Header.Contains(n)))
            throw new ArgumentException($"{path}: no column '{name}' to set the kind of; columns: {string.Join(", ", reader.Header)}.");
        if (label is not null && overrides.TryGetValue(label, out var labelKind) && labelKind is ColumnKind.Identifier or ColumnKind.Date or ColumnKind.Text)
            throw new ArgumentException($"{path}: the label '{label}' cannot be {labelKind.ToString().ToLowerInvariant()}; use numeric, boolean or categorical.");

        var names = new List<string>();
        var columns = new List<Array>();
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        var inferred = new List<InferredColumn>();
        for (var i = 0; i < fields.Length; i++)
        {
            var name = reader.Header[i];
            var column = overrides.TryGetValue(name, out var set)
                ? ColumnInference.Infer(name, fields[i]) with { Kind = set, Overridden = true }
                : ColumnInference.Infer(name, fields[i]);
            if (name == label && column.Kind is ColumnKind.Identifier or ColumnKind.Date)
                column = column with { Kind = ColumnInference.InferCsv(fields[i]) is ColumnKind.Numeric or ColumnKind.Identifier ? ColumnKind.Numeric : ColumnKind.Categorical };
            if (name != label) inferred.Add(column);
            foreach (var (output, values, kind) in ColumnTyping.Materialize(path, name, column.Kind, fields[i]))
            {
                names.Add(output);
                columns.Add(values);
                kinds[output] = kind;
            }
        }

        return new TypedCsv(new InMemoryDataView(names, columns), kinds, inferred);
    }
}
