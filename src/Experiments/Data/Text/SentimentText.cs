namespace MarketLab.Experiments.Data;

/// <summary>
/// Readers of the text-classification files in shared/datasets/text: the UCI Sentiment Labelled Sentences
/// (<c>sentence&lt;TAB&gt;label</c>, no header) and GLUE SST-2 (<c>sentence&lt;TAB&gt;label</c> with a header).
/// Quoting is off: the line is split at its last tab and the sentence kept verbatim (imdb_labelled.txt has
/// stray double quotes that a CSV reader would join across lines).
/// </summary>
public static class SentimentText
{
    /// <summary>Reads a <c>sentence&lt;TAB&gt;label</c> file; <paramref name="header"/> skips the first line.</summary>
    /// <exception cref="FormatException">A line has no tab or an empty label; the message names the file and line.</exception>
    public static TextExamples Load(string path, bool header = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var texts = new List<string>();
        var labels = new List<string>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (header && lineNumber == 1) continue;
            if (line.Length == 0) continue;
            int tab = line.LastIndexOf('\t');
            string label = tab < 0 ? "" : line[(tab + 1)..].Trim();
            if (label.Length == 0) throw new FormatException($"{path}, line {lineNumber}: expected 'sentence<TAB>label'.");
            texts.Add(line[..tab].Trim());
            labels.Add(label);
        }
        if (texts.Count == 0) throw new FormatException($"{path} holds no sentences.");
        return new TextExamples(texts, labels);
    }
}
