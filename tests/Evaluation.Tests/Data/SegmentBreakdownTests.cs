using System.Text;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Evaluation.Tests.Data;

/// <summary>A/B breakdown by a <c>user,segment</c> file: <see cref="SegmentAssignments"/> and <see cref="UnitLogAggregator.AggregateBySegment(CsvReader, string, IReadOnlyList{UnitLogMetric}, string, SegmentAssignments)"/>.</summary>
public class SegmentBreakdownTests
{
    private static SegmentAssignments Segments(string text)
    {
        using var csv = new CsvReader(new StringReader(text), "segments.csv");
        return SegmentAssignments.Read(csv);
    }

    private static readonly UnitLogMetric[] Conversion = [UnitLogMetric.Proportion("conversion", "converted")];

    // Hand-made log of 310 units. Segment "0" (users a*): control 100 units / 20 conversions, treatment 100 / 30.
    // Segment "1" (users b*): control 50 / 10, treatment 50 / 10. Users x* (10 units: control 5 / 1, treatment 5 / 2)
    // are not in the segment file.
    private static (string Log, string SegmentFile) Experiment()
    {
        var log = new StringBuilder("customer,arm,converted\n");
        var file = new StringBuilder("user,segment\n");
        int id = 0;
        void Add(string prefix, string arm, int units, int conversions, string? segment)
        {
            for (int i = 0; i < units; i++)
            {
                string user = $"{prefix}{id++}";
                log.Append($"{user},{arm},{(i < conversions ? 1 : 0)}\n");
                if (segment is not null) file.Append($"{user},{segment}\n");
            }
        }
        Add("a", "control", 100, 20, "0");
        Add("b", "control", 50, 10, "1");
        Add("x", "control", 5, 1, null);
        Add("a", "treatment", 100, 30, "0");
        Add("b", "treatment", 50, 10, "1");
        Add("x", "treatment", 5, 2, null);
        return (log.ToString(), file.ToString());
    }

    private static SegmentedUnitLog Breakdown(string log, string segments, string join = "customer")
    {
        using var csv = new CsvReader(new StringReader(log), "units.csv");
        return UnitLogAggregator.AggregateBySegment(csv, "arm", Conversion, join, Segments(segments));
    }

    [Fact]
    public void SegmentsGetTheirOwnStatisticsAndUnlistedUnitsAreUnassigned()
    {
        var (log, file) = Experiment();
        var b = Breakdown(log, file);
        Assert.Equal(["0", "1", SegmentAssignments.Unassigned], b.Segments.Select(s => s.Segment));
        Assert.Equal(10, b.UnassignedUnits);
        Assert.Equal(310, b.Overall.TotalUnits);
        // Hand counts: segment 0 control 20/100, treatment 30/100; segment 1 10/50 each; unassigned 1/5 and 2/5.
        Assert.Equal(100, b.Segments[0].Aggregate.UnitsOf("control"));
        Assert.Equal(20, b.Segments[0].Aggregate.Get("control", "conversion").Sum(0));
        Assert.Equal(30, b.Segments[0].Aggregate.Get("treatment", "conversion").Sum(0));
        Assert.Equal(10, b.Segments[1].Aggregate.Get("treatment", "conversion").Sum(0));
        Assert.Equal(2, b.Segments[2].Aggregate.Get("treatment", "conversion").Sum(0));
        // Overall equals the plain one-pass aggregate: 31/155 control, 42/155 treatment.
        Assert.Equal(31, b.Overall.Get("control", "conversion").Sum(0));
        Assert.Equal(42, b.Overall.Get("treatment", "conversion").Sum(0));
    }

    [Fact]
    public void SegmentedAnalysisOfTheBreakdownMatchesHandRatesAndHolmAcrossSegments()
    {
        var (log, file) = Experiment();
        var b = Breakdown(log, file);
        var results = SegmentedAnalysis.Analyze(b.ToSegmentArms(), "control", b.Overall.MetricSpecs(), new AbAnalysisOptions { Correction = CorrectionMethod.Holm });
        var c0 = Assert.Single(results[0].Result!.Comparisons);
        Assert.Equal(0.20, c0.ControlValue!.Value, 12);
        Assert.Equal(0.30, c0.ArmValue!.Value, 12);
        Assert.Equal(0.10, c0.AbsoluteLift!.Value, 12);
        Assert.Equal(0.50, c0.RelativeLift!.Value, 12);     // 0.30 / 0.20 - 1
        var c1 = Assert.Single(results[1].Result!.Comparisons);
        Assert.Equal(0.0, c1.AbsoluteLift!.Value, 12);      // 10/50 against 10/50
        var c2 = Assert.Single(results[2].Result!.Comparisons);
        Assert.Equal(0.2, c2.ControlValue!.Value, 12);      // unassigned: 1/5 against 2/5
        Assert.Equal(0.4, c2.ArmValue!.Value, 12);

        // Each segment's raw p-value is that of the segment analysed alone; Holm over the 3 (Holm 1979):
        // sorted p(1) <= p(2) <= p(3) get min(1, max over j <= i of (3 - j + 1) p(j)).
        double[] alone = b.Segments.Select(s => AbAnalysis.Analyze(s.Aggregate.ToExperimentData(), "control", s.Aggregate.MetricSpecs(),
            new AbAnalysisOptions { Correction = CorrectionMethod.None }).Comparisons[0].PValue!.Value).ToArray();
        Assert.Equal(alone, results.Select(r => r.Result!.Comparisons[0].PValue!.Value));
        var order = Enumerable.Range(0, 3).OrderBy(i => alone[i]).ToArray();
        double running = 0;
        for (int rank = 0; rank < 3; rank++)
        {
            running = Math.Max(running, Math.Min(1, (3 - rank) * alone[order[rank]]));
            Assert.Equal(running, results[order[rank]].Result!.Comparisons[0].AdjustedPValue!.Value, 12);
        }
    }

    [Fact]
    public void AMissingJoinColumnNamesTheColumns()
    {
        var (log, file) = Experiment();
        var error = Assert.Throws<CsvFormatException>(() => Breakdown(log, file, join: "user_id"));
        Assert.Contains("units.csv: line 1", error.Message);
        Assert.Contains("column 'user_id'", error.Message);
        Assert.Contains("customer, arm, converted", error.Message);
    }

    [Fact]
    public void AnEmptyJoinIdIsAnErrorAtItsLineAndColumn()
    {
        var error = Assert.Throws<CsvFormatException>(() => Breakdown("customer,arm,converted\na1,control,1\n,treatment,0\n", "user,segment\na1,0\n"));
        Assert.Equal(3, error.Line);
        Assert.Equal(1, error.Column);
    }

    [Theory]
    [InlineData("user,segment\nu1,0\nu1,1\n", 3, 1, "user 'u1' is listed again (first on line 2)")]
    [InlineData("user,segment\nu1,0\nu2,\n", 3, 2, "user 'u2' has an empty segment")]
    [InlineData("user,segment\nu1,0\n,1\n", 3, 1, "the user id is empty")]
    [InlineData("user,segment\nu1,unassigned\n", 2, 2, "'unassigned' is reserved")]
    [InlineData("user,segment\nu1,0,extra\n", 2, 3, "the row has 3 fields but the header has 2")]
    public void MalformedSegmentRowsNameLineAndColumn(string text, int line, int column, string message)
    {
        var error = Assert.Throws<CsvFormatException>(() => Segments(text));
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message);
        Assert.StartsWith("segments.csv:", error.Message);
    }

    [Fact]
    public void ASegmentFileWithoutTheSegmentColumnIsAnError()
    {
        var error = Assert.Throws<CsvFormatException>(() => Segments("user,cluster\nu1,0\n"));
        Assert.Contains("column 'segment'", error.Message);
    }

    [Fact]
    public void SegmentsAreOrderedNumericallyWithUnassignedLast()
    {
        Assert.Equal(["2", "10", SegmentAssignments.Unassigned], SegmentAssignments.Order([SegmentAssignments.Unassigned, "10", "2"]));
        Assert.Equal(["b", "c"], SegmentAssignments.Order(["c", "b"]));
    }
}
