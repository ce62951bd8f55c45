using System.Globalization;
using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data.Tabular;

/// <summary>
/// Reads a classification table from a CSV file with a header (RFC 4180, via <see cref="CsvReader"/>, whose errors
/// name the file, line and column): one column is the label, some may be dropped, the rest are features typed by
/// <see cref="ColumnInference"/> (Boolean, Numeric, Categorical or Text; identifiers dropped, dates expanded by
/// <see cref="ColumnTyping"/>). Numeric-looking columns that are really
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
    /// <param name="kindsSet">Kinds set by the user in place of inferred ones (identifier drops a column, date expands it).</param>
    public static LabelledTable Load(string path, string label, IReadOnlyCollection<string>? drop = null, IReadOnlyCollection<string>? categorical = null,
        IReadOnlyDictionary<string, ColumnKind>? kindsSet = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        using var csv = CsvReader.Open(path);
        var header = csv.Header;
        CheckNames(path, header, label, drop, (categorical ?? []).Concat(kindsSet?.Keys ?? []).ToArray());
        int labelIndex = csv.ColumnIndex(label);
        var fields = header.Select(_ => new List<string>()).ToArray();
        while (csv.Read())
        {
            if (ColumnInference.IsMissing(csv.Field(labelIndex).Trim())) throw new FormatException($"{path}, line {csv.Line}: the label '{label}' is missing.");
            for (int k = 0; k < fields.Length; k++) fields[k].Add(csv.Field(k).ToString());
        }
        return FromColumns(path, header, fields, label, drop, categorical, kindsSet);
    }

    /// <summary>
    /// The same table from columns of raw field text already read (<paramref name="fields"/>[k] holds column
    /// <paramref name="header"/>[k], row by row): how <see cref="Load"/> types a CSV, for readers of other layouts
    /// (<c>OpenBanditLog.ToClickTable</c>).
    /// </summary>
    /// <param name="source">Names the data in error messages (a file path).</param>
    /// <param name="header">Column names; an empty name (a pandas index) is left out.</param>
    /// <param name="fields">Raw text per column, row by row.</param>
    /// <param name="label">The label column.</param>
    /// <param name="drop">Columns to leave out.</param>
    /// <param name="categorical">Columns to read as categories even when their values are numbers.</param>
    /// <param name="kindsSet">Kinds set by the user (<c>columns: name:kind</c> in a spec), in place of inferred ones.</param>
    public static LabelledTable FromColumns(string source, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> fields, string label,
        IReadOnlyCollection<string>? drop = null, IReadOnlyCollection<string>? categorical = null, IReadOnlyDictionary<string, ColumnKind>? kindsSet = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count != header.Count) throw new ArgumentException($"{source}: {fields.Count} columns of values for {header.Count} names.", nameof(fields));
        drop ??= [];
        categorical ??= [];
        CheckNames(source, header, label, drop, categorical.Concat(kindsSet?.Keys ?? []).ToArray());
        int labelIndex = header.ToList().IndexOf(label);
        var labels = new List<string>(fields[labelIndex].Count);
        foreach (string field in fields[labelIndex])
        {
            string value = field.Trim();
            if (ColumnInference.IsMissing(value)) throw new FormatException($"{source}, row {labels.Count + 1}: the label '{label}' is missing.");
            labels.Add(value);
        }
        if (labels.Count == 0) throw new FormatException($"{source} has a header but no rows.");

        var keep = Enumerable.Range(0, header.Count).Where(i => i != labelIndex && header[i].Length > 0 && !drop.Contains(header[i])).ToArray();
        var names = new List<string>();
        var columns = new List<Array>();
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        foreach (int k in keep)
        {
            string name = header[k];
            var kind = categorical.Contains(name) ? ColumnKind.Categorical
                : kindsSet is not null && kindsSet.TryGetValue(name, out var set) ? set
                : ColumnInference.Infer(name, fields[k]).Kind;
            foreach (var (output, values, outputKind) in ColumnTyping.Materialize(source, name, kind, fields[k]))
            {
                names.Add(output);
                columns.Add(values);
                kinds[output] = outputKind;
            }
        }
        return new LabelledTable(names, columns, kinds, labels);
    }

    private static void CheckNames(string source, IReadOnlyList<string> header, string label, IReadOnlyCollection<string>? drop, IReadOnlyCollection<string>? categorical)
    {
        foreach (string name in new[] { label }.Concat(drop ?? []).Concat(categorical ?? []))
            if (!header.Contains(name))
                throw new ArgumentException($"{source}: no column '{name}'; columns: {string.Join(", ", header.Where(h => h.Length > 0))}.");
    }

    /// <summary>Splits a comma-separated list of column names (empty entries ignored).</summary>
    public static string[] Names(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
