using MarketLab.Evaluation.Data;
using MarketLab.Evaluation.Uplift;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Uplift;

namespace MarketLab.Experiments.Tests.Uplift;

/// <summary>The uplift report broken down by segment (<see cref="UpliftHoldout.TestSegments"/>).</summary>
public class UpliftSegmentTests
{
    // 24 held-out rows built by hand (no split: every row is in Test). Segment "0": 8 treated with 6 responders, 8 control
    // with 2 (uplift 6/8 - 2/8 = +0.5). Segment "1": 3 treated with 1 responder, 3 control with 1 (uplift 0).
    // "unassigned": 2 treated rows only (no control: no uplift).
    private static UpliftHoldout Holdout(out double[] scores)
    {
        var segments = new List<string>();
        var treated = new List<bool>();
        var outcome = new List<float>();
        var score = new List<double>();
        void Add(string segment, bool t, int rows, int responders)
        {
            for (int i = 0; i < rows; i++)
            {
                segments.Add(segment);
                treated.Add(t);
                outcome.Add(i < responders ? 1 : 0);
                score.Add(segments.Count * 0.37 % 1);   // a fixed, arbitrary ranking
            }
        }
        Add("0", true, 8, 6);
        Add("0", false, 8, 2);
        Add("1", true, 3, 1);
        Add("1", false, 3, 1);
        Add(SegmentAssignments.Unassigned, true, 2, 1);
        var data = UpliftData.FromArrays(outcome.Select(_ => new float[] { 0 }).ToArray(), treated.ToArray(), outcome.ToArray());
        scores = score.ToArray();
        return new UpliftHoldout(data, data, null) { TestSegments = segments };
    }

    [Fact]
    public void EachSegmentHasItsAverageUpliftAndItsOwnQini()
    {
        var holdout = Holdout(out var scores);
        var options = new UpliftEvaluationOptions { TargetFraction = 0.5, BootstrapResamples = 0 };
        var report = UpliftEvaluation.Evaluate(new UpliftEvaluationRequest(holdout, [UpliftContender.Scored("fixed", scores)], options));

        Assert.Equal(["0", "1", SegmentAssignments.Unassigned], report.Segments.Select(s => s.Segment));
        var s0 = report.Segments[0];
        Assert.Equal(16, s0.Rows);
        Assert.Equal(8, s0.Treated);
        Assert.Equal(0.5, s0.AverageUplift!.Value, 12);          // 6/8 - 2/8
        // Wald interval of a difference of proportions: 0.5 ± 1.96 √(0.75·0.25/8 + 0.25·0.75/8) = 0.5 ± 0.42435
        // (1.959964 · 0.216506 = 0.424349).
        Assert.Equal(0.5 - 0.424349, s0.AverageUpliftInterval!.Value.Lower, 4);
        Assert.Equal(0.5 + 0.424349, s0.AverageUpliftInterval!.Value.Upper, 4);
        Assert.Equal(0.0, report.Segments[1].AverageUplift!.Value, 12); // 1/3 - 1/3

        // The segment's Qini is the library's Qini of the segment's rows alone.
        int[] rows = Enumerable.Range(0, 16).ToArray();
        double[] y = rows.Select(i => (double)holdout.Test.Outcome[i]).ToArray(), t = rows.Select(i => holdout.Test.Treatment[i] ? 1.0 : 0.0).ToArray();
        Assert.Equal(UpliftScores.QiniCoefficient(y, rows.Select(i => scores[i]).ToArray(), t), s0.Learners[0].Ranking!.Qini, 12);

        var unassigned = report.Segments[2];
        Assert.Null(unassigned.AverageUplift);
        Assert.Contains("needs treated and control rows", unassigned.Error);
        Assert.Null(unassigned.Learners[0].Ranking);
        Assert.NotNull(unassigned.Learners[0].RankingError);
    }

    [Fact]
    public void WithoutSegmentsTheReportHasNone()
    {
        var holdout = Holdout(out var scores) with { TestSegments = null };
        var report = UpliftEvaluation.Evaluate(new UpliftEvaluationRequest(holdout, [UpliftContender.Scored("fixed", scores)], new UpliftEvaluationOptions { BootstrapResamples = 0 }));
        Assert.Empty(report.Segments);
    }

    [Fact]
    public void SegmentsFollowTheirRowsThroughTheSplit()
    {
        // Row i's segment is "s{i}" and its only feature is i: after the seeded split each held-out row still carries its own.
        var data = UpliftData.FromArrays(Enumerable.Range(0, 40).Select(i => new float[] { i }).ToArray(),
            Enumerable.Range(0, 40).Select(i => i % 2 == 0).ToArray(), Enumerable.Range(0, 40).Select(i => (float)(i % 3 == 0 ? 1 : 0)).ToArray());
        var holdout = UpliftHoldout.Create(data, null, 0.3, 5, Enumerable.Range(0, 40).Select(i => $"s{i}").ToArray());
        Assert.Equal(holdout.Test.Features.Select(f => $"s{(int)f[0]}"), holdout.TestSegments!);
        // The split itself does not depend on the segments.
        Assert.Equal(UpliftHoldout.Create(data, null, 0.3, 5).Test.Features.Select(f => f[0]), holdout.Test.Features.Select(f => f[0]));
    }

    [Fact]
    public void HillstromColumnReadsTheKeptRowsInOrder()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("hillstrom-ids").FullName, "ids.csv");
        File.WriteAllText(path, "customer,recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend\n" +
            "c1,10,2) $100 - $200,142.44,1,0,Surburban,0,Phone,Womens E-Mail,0,0,0\n" +
            "c2,6,3) $200 - $350,329.08,1,1,Rural,1,Web,No E-Mail,0,0,0\n" +
            "c3,7,3) $200 - $350,180.65,0,1,Surburban,1,Web,Mens E-Mail,0,0,0\n" +
            "c4,9,1) $0 - $100,45.34,1,0,Urban,0,Web,Womens E-Mail,1,0,0\n");
        Assert.Equal(["c1", "c2", "c4"], Hillstrom.Column("customer", Hillstrom.WomensEmail, path));
        Assert.Equal(3, Hillstrom.Load(Hillstrom.WomensEmail, HillstromOutcome.Visit, path).Count);
        var error = Assert.ThrowsAny<FormatException>(() => Hillstrom.Column("user_id", Hillstrom.WomensEmail, path));
        Assert.Contains("column 'user_id'", error.Message);
    }
}
