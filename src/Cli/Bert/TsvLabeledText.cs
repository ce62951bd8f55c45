using MarketLab.Experiments.Bert.Training;

namespace MarketLab.Cli.Bert;

/// <summary>
/// Reads labelled text from a tab-separated file with quoting off (SOURCES.md: UCI files are sentence TAB label, no
/// header; SST-2 has a header). Columns are header names or 0-based indices; a header is assumed when a name is used.
/// </summary>
internal static class TsvLabeledText
{
    public static IReadOnlyList<LabeledText> Read(string path, string textColumn, string labelColumn)
    {
        string[] lines = File.ReadAllLines(path);
        bool header = !int.TryParse(textColumn, out int text) | !int.TryParse(labelColumn, out int label);
        int start = 0;
        if (header)
        {
            if (lines.Length == 0) throw new InvalidDataException($"{path} is empty.");
            string[] names = lines[0].Split('\t');
            text = Index(names, textColumn, "--text", path);
            label = Index(names, labelColumn, "--label", path);
            start = 1;
        }

        var rows = new List<LabeledText>();
        for (int i = start; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            string[] fields = lines[i].Split('\t');
            if (Math.Max(text, label) >= fields.Length)
                throw new InvalidDataException($"{path} line {i + 1} has {fields.Length} tab-separated fields; --text {textColumn} and --label {labelColumn} need {Math.Max(text, label) + 1}.");
            if (string.IsNullOrWhiteSpace(fields[text])) throw new InvalidDataException($"{path} line {i + 1}: the text is empty.");
            rows.Add(new LabeledText(fields[text].Trim(), fields[label].Trim()));
        }

        return rows;
    }

    private static int Index(string[] names, string column, string option, string path) =>
        int.TryParse(column, out int index) ? index
        : Array.IndexOf(names, column) is var found and >= 0 ? found
        : throw new ArgumentException($"{option}: {path} has no column '{column}'; its header is: {string.Join(", ", names)}.");
}
