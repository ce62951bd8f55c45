using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace MarketLab.Experiments.Runs;

/// <summary>
/// Typed reads from a YAML mapping that fail with a <see cref="SpecException"/> naming the file, line,
/// column and dotted key: unknown keys, wrong types and out-of-range values are all errors.
/// </summary>
internal sealed class YamlNodes(string file)
{
    public string File { get; } = file;

    public SpecException Error(YamlNode node, string key, string problem) =>
        new(File, (int)node.Start.Line, (int)node.Start.Column, key, problem);

    /// <summary>The mapping's entries by key, after checking every key is allowed.</summary>
    public Dictionary<string, YamlNode> Mapping(YamlNode node, string path, IReadOnlyCollection<string> allowed)
    {
        if (node is not YamlMappingNode mapping)
            throw Error(node, Label(path), $"expected a mapping with keys {string.Join(", ", allowed)}; got {Describe(node)}");
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            string key = keyNode is YamlScalarNode { Value: { } k } ? k : throw Error(keyNode, Label(path), "keys must be plain names");
            string full = Join(path, key);
            if (!allowed.Contains(key)) throw Error(keyNode, full, $"unknown key; allowed: {string.Join(", ", allowed)}");
            if (!entries.TryAdd(key, value)) throw Error(keyNode, full, "appears twice");
        }
        return entries;
    }

    public string? String(Dictionary<string, YamlNode> map, string path, string key)
    {
        if (!map.TryGetValue(key, out var node)) return null;
        if (node is not YamlScalarNode { Value: { } value } || IsNull(node))
            throw Error(node, Join(path, key), $"expected a text value; got {Describe(node)}");
        return value;
    }

    public string RequiredString(Dictionary<string, YamlNode> map, YamlNode parent, string path, string key, string hint) =>
        String(map, path, key) is { Length: > 0 } value ? value : throw Error(parent, Join(path, key), $"is required ({hint})");

    public double? Double(Dictionary<string, YamlNode> map, string path, string key, double min, double max, bool openInterval)
    {
        if (!map.TryGetValue(key, out var node)) return null;
        if (node is not YamlScalarNode { Value: { } text } || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Error(node, Join(path, key), $"expected a number; got {Describe(node)}");
        bool inside = openInterval ? value > min && value < max : value >= min && value <= max;
        if (!inside)
            throw Error(node, Join(path, key), $"{text} is outside {(openInterval ? "(" : "[")}{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}{(openInterval ? ")" : "]")}");
        return value;
    }

    public int? Int(Dictionary<string, YamlNode> map, string path, string key)
    {
        if (!map.TryGetValue(key, out var node)) return null;
        if (node is not YamlScalarNode { Value: { } text } || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw Error(node, Join(path, key), $"expected an integer; got {Describe(node)}");
        return value;
    }

    public bool? Bool(Dictionary<string, YamlNode> map, string path, string key)
    {
        if (!map.TryGetValue(key, out var node)) return null;
        if (node is YamlScalarNode { Value: "true" or "True" }) return true;
        if (node is YamlScalarNode { Value: "false" or "False" }) return false;
        throw Error(node, Join(path, key), $"expected true or false; got {Describe(node)}");
    }

    public IReadOnlyList<string> StringList(Dictionary<string, YamlNode> map, string path, string key)
    {
        if (!map.TryGetValue(key, out var node)) return [];
        if (node is YamlScalarNode scalar && !IsNull(scalar)) return [scalar.Value!];
        if (node is not YamlSequenceNode sequence) throw Error(node, Join(path, key), $"expected a list of text values; got {Describe(node)}");
        var items = new List<string>();
        int i = 0;
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode { Value: { } v } || IsNull(item))
                throw Error(item, $"{Join(path, key)}[{i}]", $"expected a text value; got {Describe(item)}");
            items.Add(v);
            i++;
        }
        return items;
    }

    /// <summary>A mapping of scalar settings (<c>parameters:</c>); nested values are errors.</summary>
    public IReadOnlyDictionary<string, string> ScalarMap(Dictionary<string, YamlNode> map, string path, string key)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!map.TryGetValue(key, out var node) || IsNull(node)) return result;
        string full = Join(path, key);
        if (node is not YamlMappingNode mapping) throw Error(node, full, $"expected a mapping of settings; got {Describe(node)}");
        foreach (var (k, v) in mapping.Children)
        {
            string name = k is YamlScalarNode { Value: { } s } ? s : throw Error(k, full, "keys must be plain names");
            if (v is not YamlScalarNode { Value: { } value }) throw Error(v, Join(full, name), $"expected a single value; got {Describe(v)}");
            if (!result.TryAdd(name, value)) throw Error(k, Join(full, name), "appears twice");
        }
        return result;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Label(string path) => path.Length == 0 ? "(top level)" : path;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    internal static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };
}
