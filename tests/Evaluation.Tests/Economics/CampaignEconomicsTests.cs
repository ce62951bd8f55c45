using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Economics;

namespace MarketLab.Evaluation.Tests.Economics;

public class CampaignEconomicsTests
{
    // Eight customers, ranked by score: the top four hold 2 treated (both convert) and 2 control (one converts).
    private static readonly double[] Scores = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1];
    private static readonly double[] Outcomes = [1, 1, 0, 1, 0, 1, 0, 0];
    private static readonly bool[] Treatment = [true, false, true, false, true, false, true, false];

    [Fact]
    public void HalfTheCustomersByHand()
    {
        // Top 4: treated {0, 2} → rate 0.5; control {1, 3} → rate 1. Uplift −0.5; incremental −2.
        var p = CampaignEconomics.AtFraction(Scores, Outcomes, Treatment, 0.5,
            new CampaignEconomicsOptions { Margin = 10, ContactCost = 1 });
        Assert.Equal(4, p.TargetedUnits);
        Tolerance.Close(-0.5, p.Uplift);
        Tolerance.Close(-2, p.IncrementalConversions);
        Tolerance.Close(10 * -2 - 1 * 4, p.Profit);
        // Wald SE: √(0.25/2 + 0/2) = √0.125.
        Tolerance.Close(Math.Sqrt(0.125), p.UpliftStandardError);
        Assert.Equal(new SegmentArms(2, 2, 0.5, 1), p.Arms);
    }

    [Fact]
    public void EveryoneByHand()
    {
        // Treated {0,2,4,6}: outcomes 1,0,0,0 → 0.25; control {1,3,5,7}: 1,1,1,0 → 0.75.
        var p = CampaignEconomics.AtFraction(Scores, Outcomes, Treatment, 1.0,
            new CampaignEconomicsOptions { Margin = 4, ContactCost = 0.5, PopulationSize = 800 });
        Tolerance.Close(800, p.Targeted);
        Tolerance.Close(-0.5 * 800, p.IncrementalConversions);
        Tolerance.Close(4 * -400 - 0.5 * 800, p.Profit);
    }

    [Fact]
    public void TiedScoresAreTargetedTogether()
    {
        double[] scores = [0.5, 0.5, 0.5, 0.1];
        var p = CampaignEconomics.AtFraction(scores, [1, 0, 1, 0], [true, false, true, false], 0.25);
        Assert.Equal(3, p.TargetedUnits);
    }

    [Fact]
    public void SegmentWithoutControlCarriesEmptyArm()
    {
        var p = CampaignEconomics.AtFraction(Scores, Outcomes, Treatment, 0.125);
        Assert.Equal(AnalysisError.EmptyArm, p.Error);
        Assert.False(p.IsValid);
    }

    [Fact]
    public void CurveStartsAtNobodyAndBestIsTheMostProfitableValidPoint()
    {
        var curve = CampaignEconomics.ProfitCurve(Scores, Outcomes, Treatment, margin: 10, contactCost: 1);
        Assert.Equal(0, curve.Points[0].Fraction);
        Assert.Equal(0, curve.Points[0].Profit);
        // Every valid point loses money here, so the best is to target nobody.
        Assert.Equal(0, curve.Best.Fraction);
    }

    [Fact]
    public void TrueEffectsGiveExactProfitWithoutSamplingError()
    {
        double[] tau = [0.3, 0.2, 0.1, -0.1];
        var curve = CampaignEconomics.TrueProfitCurve([4, 3, 2, 1], tau,
            new CampaignEconomicsOptions { Margin = 10, ContactCost = 1, Fractions = [0.25, 0.5, 0.75, 1] });
        // Profits: 3 − 1 = 2; 5 − 2 = 3; 6 − 3 = 3; 5 − 4 = 1 → best is 50% (the smaller of the tie).
        Assert.Equal([0, 2, 3, 3, 1], curve.Points.Select(p => Math.Round(p.Profit, 12)));
        Assert.Equal(0.5, curve.Best.Fraction);
        Assert.Equal(0, curve.Points[2].UpliftStandardError);
    }

    [Fact]
    public void ProfitIsInvariantToPermutingCustomers()
    {
        int[] perm = [3, 7, 0, 5, 1, 6, 2, 4];
        var a = CampaignEconomics.ProfitCurve(Scores, Outcomes, Treatment, 10, 1);
        var b = CampaignEconomics.ProfitCurve(perm.Select(i => Scores[i]).ToArray(), perm.Select(i => Outcomes[i]).ToArray(),
            perm.Select(i => Treatment[i]).ToArray(), 10, 1);
        Assert.Equal(a.Points.Select(p => p.Profit), b.Points.Select(p => p.Profit));
    }

    [Fact]
    public void LengthMismatchNamesParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => CampaignEconomics.ProfitCurve(Scores, [1, 0], Treatment));
        Assert.Equal("outcomes", e.ParamName);
    }

    [Fact]
    public void TreatmentLengthMismatchNamesParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => CampaignEconomics.ProfitCurve(Scores, Outcomes, [true]));
        Assert.Equal("treatment", e.ParamName);
    }

    [Fact]
    public void NaNScoreNamesIndex()
    {
        double[] scores = (double[])Scores.Clone();
        scores[5] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => CampaignEconomics.ProfitCurve(scores, Outcomes, Treatment));
        Assert.Equal("upliftScores", e.ParamName);
        Assert.Contains("[5]", e.Message);
    }

    [Fact]
    public void EmptyInputIsRejected() =>
        Assert.Throws<ArgumentException>(() => CampaignEconomics.TrueProfitCurve([], []));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void FractionOutsideRangeIsRejected(double k)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CampaignEconomics.AtFraction(Scores, Outcomes, Treatment, k));
        Assert.Contains("(0, 1]", e.Message);
    }

    [Fact]
    public void NegativeCostIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CampaignEconomicsOptions { ContactCost = -1 });

    [Fact]
    public void BadFractionInGridNamesIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CampaignEconomicsOptions { Fractions = [0.5, 2] });
        Assert.Contains("Fractions[1]", e.Message);
    }
}
