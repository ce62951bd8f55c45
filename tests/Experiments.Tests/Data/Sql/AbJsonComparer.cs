using System.Text.Json;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>
/// Compares two <c>marketlab ab --json</c> documents field by field: strings, booleans and nulls exactly, numbers to
/// a relative 1e-9 (absolute 1e-12 near zero). Arms are matched by name and comparisons by (arm, metric), since a
/// SQL source lists arms in name order and the CSV reader in first-seen order. Skips the fields that name the source.
/// </summary>
internal static class AbJsonComparer
{
    private static readonly HashSet<string> SourceFields = ["input", "sql"];

    public static void AssertEquivalent(string expectedPath, string actualPath)
    {
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(expectedPath));
        using JsonDocument actual = JsonDocument.Parse(File.ReadAllText(actualPath));
        Compare(expected.RootElement, actual.RootElement, "$");
    }

    private static void Compare(JsonElement e, JsonElement a, string path)
    {
        Assert.True(e.ValueKind == a.ValueKind, $"{path}: {e.ValueKind} expected, got {a.ValueKind} ({a})");
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var names = e.EnumerateObject().Select(p => p.Name).Where(n => !SourceFields.Contains(n)).ToList();
                Assert.Equal(names.Order(), a.EnumerateObject().Select(p => p.Name).Where(n => !SourceFields.Contains(n)).Order());
                foreach (string name in names) Compare(e.GetProperty(name), a.GetProperty(name), $"{path}.{name}");
                break;
            case JsonValueKind.Array:
                var left = Keyed(e);
                var right = Keyed(a);
                Assert.True(left.Count == right.Count, $"{path}: {left.Count} items expected, got {right.Count}");
                foreach (var (key, item) in left)
                {
                    Assert.True(right.ContainsKey(key), $"{path}: item '{key}' is missing");
                    Compare(item, right[key], $"{path}[{key}]");
                }
                break;
            case JsonValueKind.Number:
                double x = e.GetDouble(), y = a.GetDouble();
                double tolerance = Math.Max(1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)), 1e-12);
                Assert.True(Math.Abs(x - y) <= tolerance, $"{path}: {x:R} expected, got {y:R} (difference {Math.Abs(x - y):G3})");
                break;
            default:
                Assert.True(e.ToString() == a.ToString(), $"{path}: '{e}' expected, got '{a}'");
                break;
        }
    }

    // Objects with a name/arm/metric are keyed by them; strings (warnings) by their text, so order does not matter.
    private static Dictionary<string, JsonElement> Keyed(JsonElement array)
    {
        var result = new Dictionary<string, JsonElement>();
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            string key = item.ValueKind != JsonValueKind.Object ? $"{item}#{i++}"
                : item.TryGetProperty("metric", out var m) ? $"{item.GetProperty("arm")}/{m}"
                : item.TryGetProperty("name", out var n) ? n.ToString()
                : (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            result.Add(key, item);
        }
        return result;
    }
}
