using System.Text.Json;
using MarketLab.Evaluation.Economics;

namespace MarketLab.Evaluation.Tests.Economics;

// Expected values: References/economics.json, written by References/economics.py (numpy ranking and
// tie rule re-implemented independently; statsmodels confint_proportions_2indep(method="wald") intervals).
public class CampaignEconomicsReferenceTests
{
    private const string File = "economics.json";
    private static JsonElement Case(string section, int i) => ReferenceData.Load(File).GetProperty(section)[i];

    public static IEnumerable<object[]> HoldoutCases => ReferenceData.Cases(File, "holdout");
    public static IEnumerable<object[]> TruthCases => ReferenceData.Cases(File, "truth");

    [Theory]
    [MemberData(nameof(HoldoutCases))]
    public void HoldoutProfitCurveMatchesReference(int i)
    {
        var c = Case("holdout", i);
        var population = c.GetProperty("population");
        var options = new CampaignEconomicsOptions
        {
            Margin = c.Number("margin"),
            ContactCost = c.Number("cost"),
            ConfidenceLevel = c.Number("level"),
            Fractions = c.Array("fractions"),
            PopulationSize = population.ValueKind == JsonValueKind.Null ? null : population.GetInt64(),
        };
        bool[] treatment = c.GetProperty("treatment").EnumerateArray().Select(x => x.GetBoolean()).ToArray();
        var curve = CampaignEconomics.ProfitCurve(c.Array("scores"), c.Array("outcomes"), treatment, options);

        var expected = c.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(expected.Length + 1, curve.Points.Count);
        for (int j = 0; j < expected.Length; j++)
        {
            var e = expected[j];
            var p = curve.Points[j + 1];
            Assert.Equal(e.GetProperty("units").GetInt64(), p.TargetedUnits);
            Tolerance.Close(e.Number("uplift"), p.Uplift, what: $"uplift at {e.Number("fraction")}");
            Tolerance.Close(e.Number("inc"), p.IncrementalConversions, what: "incremental");
            Tolerance.Close(e.Number("inc_lo"), p.IncrementalInterval.Lower, what: "incremental lower");
            Tolerance.Close(e.Number("inc_hi"), p.IncrementalInterval.Upper, what: "incremental upper");
            Tolerance.Close(e.Number("profit"), p.Profit, what: "profit");
            Tolerance.Close(e.Number("profit_lo"), p.ProfitInterval.Lower, what: "profit lower");
            Tolerance.Close(e.Number("profit_hi"), p.ProfitInterval.Upper, what: "profit upper");
        }
    }

    [Theory]
    [MemberData(nameof(TruthCases))]
    public void TrueProfitCurveMatchesReference(int i)
    {
        var c = Case("truth", i);
        var options = new CampaignEconomicsOptions { Margin = c.Number("margin"), ContactCost = c.Number("cost"), Fractions = c.Array("fractions") };
        var curve = CampaignEconomics.TrueProfitCurve(c.Array("scores"), c.Array("effects"), options);

        var expected = c.GetProperty("points").EnumerateArray().ToArray();
        for (int j = 0; j < expected.Length; j++)
        {
            Assert.Equal(expected[j].GetProperty("units").GetInt64(), curve.Points[j + 1].TargetedUnits);
            Tolerance.Close(expected[j].Number("inc"), curve.Points[j + 1].IncrementalConversions, what: "incremental");
            Tolerance.Close(expected[j].Number("profit"), curve.Points[j + 1].Profit, what: "profit");
        }
        Assert.Equal(c.Number("best"), curve.Best.Fraction);
    }
}
