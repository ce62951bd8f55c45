using System.Globalization;
using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data.Tabular;

/// <summary>
/// Reads a classification table from a CSV file with a header (RFC 4180, via <see cref="CsvReader"/>, whose errors
/// name the file, line and column): one column is the label, some may be dropped, the rest are features typed by
/// <see cref="ColumnInference"/> (Boolean, Numeric, Categorical or Text). Numeric-looking columns that are really
/// identifiers (item ids, positions, codes) can be forced to <see cref="ColumnKind.Categorical"/>. A column with an
/// empty header (a pandas index) is dropped.
/// </summary>
public static class TabularCsv
{
    /// <summary>Loads <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="label">The label column; its values (trimmed text) are the classes.</param>
    /// <param name="drop">Columns to leave out (e.g. timestamps, the logging propensity).</param>
    /// <param name="categorical">Columns to read as categories even when their values are numbers.</param>
    /// <exception cref="ArgumentException">A named column is not in the file; the message lists the header.</exception>
    /// <exception cref="FormatException">The label is missing in a row (file and line named) or the file has no rows.</exception>
    public static LabelledTable Load(string path, string label, IReadOnlyCollection<string>? drop = null, IReadOnlyCollection<string>? categorical = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        drop ??= [];
        categorical ??= [];
        using var csv = CsvReader.Open(path);
        var header = csv.Header;
        foreach (string name in new[] { label }.Concat(drop).Concat(categorical))
            if (!header.Contains(name))
                throw new ArgumentException($"{path}: no column '{name}'; columns: {string.Join(", ", header.Where(h => h.Length > 0))}.");
        int labelIndex = csv.ColumnIndex(label);
        var keep = Enumerable.Range(0, header.Count).Where(i => i != labelIndex && header[i].Length > 0 && !drop.Contains(header[i])).ToArray();
        var fields = keep.Select(_ => new List<string>()).ToArray();
        var labels = new List<string>();
        while (csv.Read())
        {
            string value = csv.Field(labelIndex).Trim().ToString();
            if (ColumnInference.IsMissing(value)) throw new FormatException($"{path}, line {csv.Line}: the label '{label}' is missing.");
            labels.Add(value);
            for (int k = 0; k < keep.Length; k++) fields[k].Add(csv.Field(keep[k]).ToString());
        }
        if (labels.Count == 0) throw new FormatException($"{path} has a header but no rows.");

        var names = keep.Select(i => header[i]).ToArray();
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        var columns = new Array[keep.Length];
        for (int k = 0; k < keep.Length; k++)
        {
            var kind = categorical.Contains(names[k]) ? ColumnKind.Categorical : ColumnInference.InferCsv(fields[k]);
            kinds[names[k]] = kind;
            columns[k] = kind switch
            {
                ColumnKind.Boolean => fields[k].Select(f => !ColumnInference.IsMissing(f) && bool.Parse(f.Trim())).ToArray(),
                ColumnKind.Numeric => fields[k].Select(f => ColumnInference.IsMissing(f) ? float.NaN : (float)double.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(),
                _ => fields[k].Select(f => (ColumnInference.IsMissing(f) ? "" : f.Trim()).AsMemory()).ToArray(),
            };
        }
        return new LabelledTable(names, columns, kinds, labels);
    }

    /// <summary>Splits a comma-separated list of column names (empty entries ignored).</summary>
    public static string[] Names(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
