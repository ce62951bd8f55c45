using System.Globalization;
using MarketLab.Evaluation.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>
/// Reads a CSV to score with a saved model: each column of the model's input schema (<c>ml.Model.Load(path, out schema)</c>)
/// from the file's column of that name, typed as the schema says (Single: a number, missing = NaN; Boolean:
/// true/false or yes/no; Text: the field). A date part <c>name.year</c> etc. is computed from the file's column
/// <c>name</c> (<see cref="ColumnTyping"/>); a column the file lacks (the label, a dropped identifier) is filled with
/// missing values. Values that do not fit name the file, row and column.
/// </summary>
public static class SchemaCsv
{
    /// <summary>Loads <paramref name="path"/> into the columns of <paramref name="schema"/>.</summary>
    /// <exception cref="AutoMLDataException">The file has no rows.</exception>
    /// <exception cref="FormatException">A value does not fit its column's type.</exception>
    public static IDataView Load(string path, DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using var reader = CsvReader.Open(path);
        var fields = reader.Header.Select(_ => new List<string>()).ToArray();
        while (reader.Read())
            for (var i = 0; i < fields.Length; i++) fields[i].Add(reader.Field(i).ToString());
        if (fields.Length == 0 || fields[0].Count == 0) throw new AutoMLDataException(null, $"{path}: the file has a header but no data rows.");
        var rows = fields[0].Count;
        var byName = reader.Header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => fields[x.i], StringComparer.Ordinal);
        var names = new List<string>();
        var columns = new List<Array>();
        foreach (var column in schema.Where(c => !c.IsHidden))
        {
            names.Add(column.Name);
            columns.Add(Column(path, column, byName, rows));
        }

        return new InMemoryDataView(names, columns);
    }

    private static Array Column(string path, DataViewSchema.Column column, Dictionary<string, List<string>> byName, int rows)
    {
        var type = column.Type.RawType;
        var kind = type == typeof(float) ? ColumnKind.Numeric : type == typeof(bool) ? ColumnKind.Boolean : ColumnKind.Categorical;
        if (type != typeof(float) && type != typeof(bool) && type != typeof(ReadOnlyMemory<char>))
            throw new ArgumentException($"The model reads column '{column.Name}' as {column.Type}; only Single, Boolean and Text inputs can be read from a CSV.");
        if (byName.TryGetValue(column.Name, out var values))
            return ColumnTyping.Materialize(path, column.Name, kind, values).Single().Values;
        var dot = column.Name.LastIndexOf('.');
        if (dot > 0 && kind == ColumnKind.Numeric && ColumnTyping.DateParts.Contains(column.Name[(dot + 1)..]) && byName.TryGetValue(column.Name[..dot], out var dates))
            return ColumnTyping.Materialize(path, column.Name[..dot], ColumnKind.Date, dates).Single(p => p.Name == column.Name).Values;
        return kind switch
        {
            ColumnKind.Numeric => Enumerable.Repeat(float.NaN, rows).ToArray(),
            ColumnKind.Boolean => new bool[rows],
            _ => Enumerable.Repeat(ReadOnlyMemory<char>.Empty, rows).ToArray(),
        };
    }
}
