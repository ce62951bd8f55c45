using System.Globalization;

namespace MarketLab.Experiments.Data.Sequences;

/// <summary>
/// Reads a behaviour log into events, checking every line; errors name the file, line and column
/// (<c>path:line:column: message</c>, the compiler convention editors jump to).
/// </summary>
public static class BehaviourLog
{
    /// <summary>Behaviour types of the Taobao log, in funnel order.</summary>
    public static IReadOnlyList<string> TaobaoBehaviours { get; } = ["pv", "cart", "fav", "buy"];

    /// <summary>Reads every event of <paramref name="path"/>; blank lines are skipped.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="FormatException">A malformed line, or a file without any event.</exception>
    public static IReadOnlyList<BehaviourEvent> Read(string path, BehaviourLogFormat format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Behaviour log not found: {path}.", path);
        using var reader = new StreamReader(path);
        return Read(reader, path, format);
    }

    /// <summary>Reads events from text; <paramref name="name"/> is the file name used in errors.</summary>
    public static IReadOnlyList<BehaviourEvent> Read(TextReader reader, string name, BehaviourLogFormat format)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, $"Format must be one of {string.Join(", ", Enum.GetNames<BehaviourLogFormat>())}.");
        var events = new List<BehaviourEvent>();
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line[1..];
            if (string.IsNullOrWhiteSpace(line)) continue;
            events.Add(format == BehaviourLogFormat.UserItemPairs ? Pair(line, name, lineNumber) : Taobao(line, name, lineNumber));
        }
        if (events.Count == 0)
            throw new FormatException($"{name}:1:1: the file holds no events; expected {Expected(format)} per line.");
        return events;
    }

    private static string Expected(BehaviourLogFormat format) => format == BehaviourLogFormat.UserItemPairs
        ? "'user item'"
        : "'user,item,category,behaviour,timestamp' (behaviour pv, cart, fav or buy; timestamp in Unix seconds)";

    private static BehaviourEvent Pair(string line, string name, int lineNumber)
    {
        var fields = Fields(line, [' ', '\t']);
        if (fields.Count != 2)
            throw new FormatException($"{name}:{lineNumber}:{(fields.Count > 2 ? fields[2].Column : line.Length + 1)}: expected 'user item' (2 fields), found {fields.Count}.");
        return new BehaviourEvent(fields[0].Text, fields[1].Text, null, null, null, lineNumber);
    }

    private static BehaviourEvent Taobao(string line, string name, int lineNumber)
    {
        var fields = Fields(line, [',']);
        if (fields.Count != 5)
            throw new FormatException($"{name}:{lineNumber}:{(fields.Count > 5 ? fields[5].Column : line.Length + 1)}: expected {Expected(BehaviourLogFormat.TaobaoCsv)}, found {fields.Count} fields.");
        foreach (int i in new[] { 0, 1, 2 })
            if (fields[i].Text.Length == 0)
                throw new FormatException($"{name}:{lineNumber}:{fields[i].Column}: the {(i == 0 ? "user" : i == 1 ? "item" : "category")} id is empty.");
        string behaviour = fields[3].Text;
        if (!TaobaoBehaviours.Contains(behaviour))
            throw new FormatException($"{name}:{lineNumber}:{fields[3].Column}: behaviour '{behaviour}' is not one of {string.Join(", ", TaobaoBehaviours)}.");
        if (!long.TryParse(fields[4].Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long time))
            throw new FormatException($"{name}:{lineNumber}:{fields[4].Column}: timestamp '{fields[4].Text}' is not an integer (Unix seconds).");
        return new BehaviourEvent(fields[0].Text, fields[1].Text, fields[2].Text, behaviour, time, lineNumber);
    }

    // Fields with their 1-based start column; runs of spaces count as one separator for the pair format.
    private static List<(string Text, int Column)> Fields(string line, char[] separators)
    {
        var result = new List<(string, int)>();
        bool collapse = separators[0] == ' ';
        int start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && Array.IndexOf(separators, line[i]) < 0) continue;
            if (!collapse || i > start) result.Add((line[start..i].Trim(), start + 1));
            start = i + 1;
        }
        return result;
    }
}
