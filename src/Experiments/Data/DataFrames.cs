using System.Globalization;
using System.Reflection;
using MarketLab.Experiments.Data.Catalog;
using Microsoft.Data.Analysis;

namespace MarketLab.Experiments.Data;

/// <summary>
/// DataFrames for notebooks: a catalogued dataset file as a <see cref="DataFrame"/> (<see cref="Load"/>), and any
/// sequence of records (A/B results, uplift deciles, AutoML leaderboards, metrics) as one (<see cref="ToDataFrame{T}"/>).
/// </summary>
public static class DataFrames
{
    /// <summary>
    /// Reads the catalogued dataset <paramref name="name"/> (see <c>datasets/catalog.yaml</c>): <c>.csv</c> with a header,
    /// <c>.tsv</c> tab-separated with a header, <c>.txt</c> tab-separated without header or quoting (columns named by the
    /// catalog). Column types are guessed from the whole file (int, double, else string). <paramref name="maxRows"/>
    /// limits the rows read. Generators (<c>synthetic:...</c>) have no file and are an <see cref="ArgumentException"/>.
    /// </summary>
    public static DataFrame Load(string name, int? maxRows = null, DatasetCatalog? catalog = null)
    {
        ResolvedDataset dataset = (catalog ?? DatasetCatalog.Default).Resolve(name);
        string path = dataset.FilePath ?? throw new ArgumentException(
            $"dataset '{name}' has no file (generators make their data in code); DataFrames.Load reads catalogued files");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        IEnumerable<string> lines = File.ReadLines(path);
        if (maxRows is { } max) lines = lines.Take(extension == ".txt" ? max : max + 1);
        return extension switch
        {
            ".txt" => FromRows(dataset.Entry?.Columns ?? [], lines.Where(l => l.Length > 0).Select(l => l.Split('\t'))),
            ".tsv" => DataFrame.LoadCsvFromString(string.Join('\n', lines), separator: '\t', guessRows: int.MaxValue),
            _ => DataFrame.LoadCsvFromString(string.Join('\n', lines), separator: ',', guessRows: int.MaxValue),
        };
    }

    /// <summary>One column per public property of <typeparamref name="T"/>: numbers and bools typed, everything else as text.</summary>
    public static DataFrame ToDataFrame<T>(this IEnumerable<T> rows)
    {
        var items = rows.ToList();
        PropertyInfo[] properties = [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)];
        var columns = new List<DataFrameColumn>();
        foreach (PropertyInfo property in properties)
        {
            Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            IEnumerable<object?> values = items.Select(item => item is null ? null : property.GetValue(item));
            columns.Add(type switch
            {
                _ when type == typeof(double) || type == typeof(float) => new DoubleDataFrameColumn(property.Name, values.Select(v => v is null ? (double?)null : Convert.ToDouble(v, CultureInfo.InvariantCulture))),
                _ when type == typeof(int) || type == typeof(short) || type == typeof(byte) => new Int32DataFrameColumn(property.Name, values.Select(v => v is null ? (int?)null : Convert.ToInt32(v, CultureInfo.InvariantCulture))),
                _ when type == typeof(long) => new Int64DataFrameColumn(property.Name, values.Select(v => (long?)v)),
                _ when type == typeof(bool) => new BooleanDataFrameColumn(property.Name, values.Select(v => (bool?)v)),
                _ => new StringDataFrameColumn(property.Name, values.Select(v => v switch { null => null, IFormattable f => f.ToString(null, CultureInfo.InvariantCulture), _ => v.ToString() })),
            });
        }
        return new DataFrame(columns);
    }

    private static DataFrame FromRows(IReadOnlyList<string> names, IEnumerable<string[]> rows)
    {
        var table = rows.ToList();
        int width = table.Count == 0 ? names.Count : table.Max(r => r.Length);
        var columns = new List<DataFrameColumn>();
        for (int c = 0; c < width; c++)
        {
            string name = c < names.Count ? names[c] : $"column{c + 1}";
            string?[] cells = [.. table.Select(r => c < r.Length ? r[c] : null)];
            columns.Add(cells.All(v => v is null || int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                ? new Int32DataFrameColumn(name, cells.Select(v => v is null ? (int?)null : int.Parse(v, CultureInfo.InvariantCulture)))
                : cells.All(v => v is null || double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    ? new DoubleDataFrameColumn(name, cells.Select(v => v is null ? (double?)null : double.Parse(v, CultureInfo.InvariantCulture)))
                    : new StringDataFrameColumn(name, cells));
        }
        return new DataFrame(columns);
    }
}
