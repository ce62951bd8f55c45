namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>Reads pre-training sentences: a text file (one per line) or one column of a tab-separated file.</summary>
public static class MlmCorpus
{
    /// <summary>Non-blank lines of <paramref name="path"/>, trimmed.</summary>
    public static IReadOnlyList<string> ReadLines(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Corpus file not found: {Path.GetFullPath(path)}.", path);
        return File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    /// <summary>The non-blank values of column <paramref name="column"/> (a header name, or a 0-based index when there is no header).</summary>
    public static IReadOnlyList<string> ReadTsvColumn(string path, string column, bool hasHeader)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Corpus file not found: {Path.GetFullPath(path)}.", path);
        using var reader = new StreamReader(path);
        int index;
        if (hasHeader)
        {
            string[] header = (reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty.")).Split('\t');
            index = Array.IndexOf(header, column);
            if (index < 0) throw new ArgumentException($"{path} has no column '{column}'; columns: {string.Join(", ", header)}.", nameof(column));
        }
        else if (!int.TryParse(column, out index) || index < 0)
        {
            throw new ArgumentException($"{path} has no header: give the text column as a 0-based index, not '{column}'.", nameof(column));
        }

        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            string[] fields = line.Split('\t');
            if (index < fields.Length && fields[index].Trim() is { Length: > 0 } text) lines.Add(text);
        }

        return lines;
    }
}
