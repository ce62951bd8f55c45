using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Tests.Runs;

/// <summary><c>evaluation.segments</c> / <c>segment_join</c> in an A/B spec: the breakdown reaches the stored metrics.</summary>
public sealed class SegmentSpecTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("marketlab-segment-spec").FullName;

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
    }

    private const string Spec = """
        name: ab-by-segment
        task: ab_test
        dataset: {path: units.csv}
        candidates: [{kind: ab}]
        evaluation:
          metrics: [conversion:proportion:converted]
          arm_column: arm
          control: control
          segments: segments.csv
          segment_join: customer
        """;

    [Fact]
    public async Task AbSpecReportsEverySegmentAndTheUnassignedUnits()
    {
        // Segment 0: control 2 of 10 convert, treatment 5 of 10; segment 1: 4 of 10 each; 3 control units unlisted.
        var log = new List<string> { "customer,arm,converted" };
        var segments = new List<string> { "user,segment" };
        int id = 0;
        void Add(string arm, int units, int conversions, string? segment)
        {
            for (int i = 0; i < units; i++, id++)
            {
                log.Add($"u{id},{arm},{(i < conversions ? 1 : 0)}");
                if (segment is not null) segments.Add($"u{id},{segment}");
            }
        }
        Add("control", 10, 2, "0");
        Add("treatment", 10, 5, "0");
        Add("control", 10, 4, "1");
        Add("treatment", 10, 4, "1");
        Add("control", 3, 1, null);
        File.WriteAllLines(Path.Combine(dir, "units.csv"), log);
        File.WriteAllLines(Path.Combine(dir, "segments.csv"), segments);
        string specPath = Path.Combine(dir, "spec.yaml");
        File.WriteAllText(specPath, Spec);

        using var store = RunStore.Open(Path.Combine(dir, "runs.db"));
        var result = await new ExperimentRunner(store).RunAsync(SpecLoader.Load(specPath), new RunOptions { ArtifactsRoot = dir });
        var metrics = Assert.Single(result.Candidates).Outcome!.Metrics;
        Assert.Equal(1.5, metrics["segment.0.conversion.treatment.relative_lift"], 12);   // 0.5 / 0.2 - 1
        Assert.Equal(0.0, metrics["segment.1.conversion.treatment.relative_lift"], 12);   // 0.4 / 0.4 - 1
        Assert.Equal(20, metrics["segment.0.units"]);
        Assert.Equal(3, metrics["segment.unassigned_units"]);
        Assert.Contains(result.Candidates[0].Outcome!.Notes, n => n.Contains("3 of 43 units have no segment", StringComparison.Ordinal));
        Assert.Contains(result.Candidates[0].Outcome!.Lifts, l => l.Metric == "conversion [segment 1]");
    }

    [Fact]
    public void SegmentsWithoutAJoinColumnIsASpecError()
    {
        var error = Assert.Throws<SpecException>(() => SpecLoader.Parse(Spec.Replace("segment_join: customer", ""), "spec.yaml"));
        Assert.Contains("evaluation.segments", error.Message);
        Assert.Contains("needs evaluation.segment_join", error.Message);
    }
}
