using System.Text.Json;

namespace MarketLab.Evaluation.Tests;

/// <summary>Loads reference cases written by the scripts in References/ (copied beside the test assembly).</summary>
internal static class ReferenceData
{
    public static JsonElement Load(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "References", file);
        using var stream = File.OpenRead(path);
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    public static double Number(this JsonElement e, string name)
    {
        var v = e.GetProperty(name);
        return v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble();
    }

    /// <summary>A bound that the script wrote as null because it is infinite.</summary>
    public static double Bound(this JsonElement e, string name, double infinity)
    {
        var v = e.GetProperty(name);
        return v.ValueKind == JsonValueKind.Null ? infinity : v.GetDouble();
    }

    public static double[] Array(this JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static IEnumerable<object[]> Cases(string file, string section)
    {
        int count = Load(file).GetProperty(section).GetArrayLength();
        return Enumerable.Range(0, count).Select(i => new object[] { i });
    }
}
