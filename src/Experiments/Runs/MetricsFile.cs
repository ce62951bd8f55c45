using System.Text;
using System.Text.Json;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Runs;

/// <summary>
/// metrics.json: the spec's name, SHA-256 and seed, and each candidate's status and metrics, keys sorted
/// ordinally and numbers in round-trip form. It holds nothing that varies between runs of the same spec
/// (no run id, times or durations), so two runs with the same spec and seed give byte-identical files, and
/// a committed copy serves as a baseline for <c>marketlab compare</c>.
/// </summary>
public static class MetricsFile
{
    /// <summary>Writes the file.</summary>
    public static void Write(string path, RunRecord run, IReadOnlyList<CandidateRecord> candidates)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(candidates);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("spec", run.Name);
        json.WriteString("spec_sha256", run.SpecSha256);
        json.WriteNumber("seed", run.Seed);
        json.WriteStartObject("candidates");
        foreach (var c in candidates.OrderBy(c => c.Position))
        {
            json.WriteStartObject(c.Name);
            json.WriteString("kind", c.Kind);
            json.WriteString("status", c.Status.ToString().ToLowerInvariant());
            json.WriteStartObject("metrics");
            foreach (var (name, value) in (c.Outcome?.Metrics ?? []).OrderBy(m => m.Key, StringComparer.Ordinal))
                json.WriteNumber(name, value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Reads candidate → metric → value from a metrics.json file.</summary>
    /// <exception cref="FormatException">The file is not a metrics.json; the message names it.</exception>
    public static SortedDictionary<string, SortedDictionary<string, double>> Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
            var result = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
            foreach (var candidate in document.RootElement.GetProperty("candidates").EnumerateObject())
            {
                var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
                foreach (var metric in candidate.Value.GetProperty("metrics").EnumerateObject()) metrics[metric.Name] = metric.Value.GetDouble();
                result[candidate.Name] = metrics;
            }
            return result;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"{path} is not a MarketLab metrics.json (expected {{\"candidates\": {{NAME: {{\"metrics\": {{...}}}}}}}}): {e.Message}", e);
        }
    }

    /// <summary>The same shape from stored candidates.</summary>
    public static SortedDictionary<string, SortedDictionary<string, double>> From(IEnumerable<CandidateRecord> candidates) =>
        new(candidates.ToDictionary(c => c.Name, c => new SortedDictionary<string, double>(c.Outcome?.Metrics ?? [], StringComparer.Ordinal)), StringComparer.Ordinal);
}
