using System.Text.Json;
using MarketLab.Evaluation.Ranking;

namespace MarketLab.Evaluation.Tests.Ranking;

// Expected values: References/ranking.json, written by References/ranking.py (numpy only). The script counts ties with
// numpy comparisons and averages each metric over every position of the tied block, where the C# code uses closed forms.
public class RankingReferenceTests
{
    private const string File = "ranking.json";
    private static readonly int[] Ks = [1, 5, 10, 20];
    private static JsonElement Case(string section, int i) => ReferenceData.Load(File).GetProperty(section)[i];

    public static IEnumerable<object[]> OutcomeCases => ReferenceData.Cases(File, "outcomes");
    public static IEnumerable<object[]> CatalogCases => ReferenceData.Cases(File, "catalog");
    public static IEnumerable<object[]> PairedCases => ReferenceData.Cases(File, "paired");

    [Theory]
    [MemberData(nameof(OutcomeCases))]
    public void OutcomeCountsMatchNumpy(int i)
    {
        var c = Case("outcomes", i);
        var o = RankOutcome.FromScores(c.Number("target"), c.Array("candidates"));
        Assert.Equal(c.GetProperty("higher").GetInt32(), o.Higher);
        Assert.Equal(c.GetProperty("tied").GetInt32(), o.Tied);
    }

    [Theory]
    [MemberData(nameof(OutcomeCases))]
    public void MetricsMatchNumpyUnderEveryTieRule(int i)
    {
        var c = Case("outcomes", i);
        var o = new RankOutcome(c.GetProperty("higher").GetInt32(), c.GetProperty("tied").GetInt32(), c.Array("candidates").Length);
        foreach (var rule in Enum.GetValues<TieBreaking>())
        {
            var e = c.GetProperty(rule.ToString());
            foreach (int k in Ks)
            {
                Tolerance.Close(e.Number($"hit{k}"), RankMetrics.Value(RankMetric.HitAt(k), o, rule), what: $"{rule} Hit@{k}");
                Tolerance.Close(e.Number($"ndcg{k}"), RankMetrics.Value(RankMetric.NdcgAt(k), o, rule), what: $"{rule} NDCG@{k}");
            }
            // MRR on a block of thousands of ties goes through the Euler–Maclaurin harmonic numbers.
            Tolerance.Close(e.Number("mrr"), RankMetrics.Value(RankMetric.Mrr, o, rule), 1e-12, $"{rule} MRR");
        }
    }

    [Theory]
    [MemberData(nameof(CatalogCases))]
    public void CoverageAndPopularityBiasMatchNumpy(int i)
    {
        var c = Case("catalog", i);
        var lists = c.GetProperty("lists").EnumerateArray()
            .Select(l => (IReadOnlyList<int>)l.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        int catalog = c.GetProperty("catalog").GetInt32();
        Tolerance.Close(c.Number("coverage"), CatalogMetrics.Coverage(lists, catalog), what: "coverage");
        Tolerance.Close(c.Number("arp"), CatalogMetrics.AveragePopularity(lists, c.Array("interactions")), what: "ARP");
    }

    [Theory]
    [MemberData(nameof(PairedCases))]
    public void PairedTestMatchesNumpy(int i)
    {
        var c = Case("paired", i);
        RankOutcome[] Read(string name) => c.GetProperty(name).EnumerateArray()
            .Select(p => new RankOutcome(p[0].GetInt32(), p[1].GetInt32(), 100)).ToArray();
        var r = PairedRankingTest.Compare(RankMetric.NdcgAt(10), Read("a"), Read("b"));
        Tolerance.Close(c.Number("mean_a"), r.MeanA, what: "mean A");
        Tolerance.Close(c.Number("mean_b"), r.MeanB, what: "mean B");
        Tolerance.Close(c.Number("diff"), r.Difference, what: "difference");
        Tolerance.Close(c.Number("t"), r.TStatistic, what: "t");
        Assert.True(r.Interval.Contains(r.Difference), $"The bootstrap interval {r.Interval} should contain the mean difference {r.Difference}.");
    }
}
