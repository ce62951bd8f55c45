using MarketLab.Evaluation.Economics;
using MarketLab.Experiments.Data.Synthetic;

namespace MarketLab.Experiments.Tests.Data;

public class CampaignSimulatorTests
{
    private static readonly Lazy<CampaignDataset> Large = new(() =>
        CampaignSimulator.Generate(new CampaignSimulationOptions { Customers = 200_000, Seed = 11 }));

    private static readonly Lazy<CampaignDataset> Biased = new(() =>
        CampaignSimulator.Generate(new CampaignSimulationOptions { Customers = 100_000, Seed = 12, Assignment = AssignmentMechanism.FeatureDependent, TreatmentShare = 0.3 }));

    [Fact]
    public void SameSeedGivesSameRows()
    {
        var options = new CampaignSimulationOptions { Customers = 500, Seed = 42, Assignment = AssignmentMechanism.FeatureDependent };
        Assert.Equal(CampaignSimulator.Generate(options).Rows, CampaignSimulator.Generate(options).Rows);
    }

    [Fact]
    public void DifferentSeedGivesDifferentRows()
    {
        var a = CampaignSimulator.Generate(new CampaignSimulationOptions { Customers = 500, Seed = 1 });
        var b = CampaignSimulator.Generate(new CampaignSimulationOptions { Customers = 500, Seed = 2 });
        Assert.NotEqual(a.Rows, b.Rows);
    }

    [Fact]
    public void RandomizedDifferenceMatchesMeanTrueEffect()
    {
        // Under randomisation E[ȳ_t − ȳ_c] = τ̄; tolerance 4 standard errors of the difference (Wald).
        var rows = Large.Value.Rows;
        var treated = rows.Where(r => r.Treated).ToArray();
        var control = rows.Where(r => !r.Treated).ToArray();
        double pt = treated.Average(r => r.Converted ? 1.0 : 0.0), pc = control.Average(r => r.Converted ? 1.0 : 0.0);
        double se = Math.Sqrt(pt * (1 - pt) / treated.Length + pc * (1 - pc) / control.Length);
        double tau = Large.Value.AverageTrueEffect;
        Assert.True(Math.Abs(pt - pc - tau) < 4 * se, $"difference {pt - pc:G4}, mean τ {tau:G4}, 4 SE {4 * se:G4}");
        Assert.InRange(treated.Length / (double)rows.Count, 0.49, 0.51);
    }

    [Fact]
    public void EffectsAreHeterogeneousWithSomeNegative()
    {
        var rows = Large.Value.Rows;
        double negative = rows.Count(r => r.TrueEffect < 0) / (double)rows.Count;
        Assert.InRange(negative, 0.05, 0.5);
        Assert.All(rows.Take(1000), r => Assert.InRange(r.Baseline + r.TrueEffect, 0.0, 1.0));
        Assert.InRange(rows.Average(r => r.Baseline), 0.03, 0.2);
    }

    [Fact]
    public void BiasedAssignmentReportsTheStatedPropensities()
    {
        var options = Biased.Value.Options;
        Assert.All(Biased.Value.Rows, r => Assert.Equal(CampaignSimulator.Propensity(r.Customer, options), r.Propensity));
        Assert.All(Biased.Value.Rows, r => Assert.InRange(r.Propensity, 0.05, 0.95));
        Assert.True(Biased.Value.Rows.Select(r => r.Propensity).Distinct().Count() > 100, "propensities should vary with the features");
    }

    [Fact]
    public void BiasedAssignmentTreatsAtTheStatedRatesWithinPropensityBins()
    {
        // Bin rows by propensity decile; in each bin the treated share must be within 4 SE of the mean propensity.
        var ordered = Biased.Value.Rows.OrderBy(r => r.Propensity).ToArray();
        int bin = ordered.Length / 10;
        for (int b = 0; b < 10; b++)
        {
            var rows = ordered.AsSpan(b * bin, bin).ToArray();
            double expected = rows.Average(r => r.Propensity), observed = rows.Average(r => r.Treated ? 1.0 : 0.0);
            double se = Math.Sqrt(rows.Sum(r => r.Propensity * (1 - r.Propensity))) / bin;
            Assert.True(Math.Abs(observed - expected) < 4 * se, $"bin {b}: treated {observed:G4}, propensity {expected:G4}");
        }
    }

    [Fact]
    public void InversePropensityWeightingRecoversTheEffectUnderBiasedAssignment()
    {
        // Horvitz–Thompson: mean of T y/e − (1 − T) y/(1 − e) is unbiased for τ̄; tolerance 4 SE of the per-row terms.
        var terms = Biased.Value.Rows.Select(r =>
            (r.Treated ? 1 : 0) * (r.Converted ? 1 : 0) / r.Propensity - (r.Treated ? 0 : 1) * (r.Converted ? 1 : 0) / (1 - r.Propensity)).ToArray();
        double mean = terms.Average();
        double se = Math.Sqrt(terms.Sum(t => (t - mean) * (t - mean)) / (terms.Length - 1) / terms.Length);
        Assert.True(Math.Abs(mean - Biased.Value.AverageTrueEffect) < 4 * se, $"IPW {mean:G4}, τ̄ {Biased.Value.AverageTrueEffect:G4}, 4 SE {4 * se:G4}");
    }

    [Fact]
    public void TreatEveryoneIsWorthMeanOfBaselinePlusEffect()
    {
        var data = CampaignSimulator.Generate(new CampaignSimulationOptions { Customers = 2000, Seed = 3, Margin = 20, ContactCost = 0.4 });
        var value = data.PolicyValue(_ => true);
        double expected = data.Rows.Sum(r => r.Baseline + r.TrueEffect);
        Assert.Equal(expected, value.ExpectedConversions, 9);
        Assert.Equal(data.Rows.Average(r => r.Baseline + r.TrueEffect), value.ConversionRate, 12);
        Assert.Equal(2000, value.Targeted);
        Assert.Equal(20 * data.Rows.Sum(r => r.TrueEffect) - 0.4 * 2000, value.IncrementalProfit, 9);
    }

    [Fact]
    public void TreatNobodyIsWorthTheBaseline()
    {
        var data = CampaignSimulator.Generate(new CampaignSimulationOptions { Customers = 2000, Seed = 3 });
        var value = data.PolicyValue(_ => false);
        Assert.Equal(data.Rows.Sum(r => r.Baseline), value.ExpectedConversions, 9);
        Assert.Equal(0, value.IncrementalConversions);
        Assert.Equal(0, value.Targeted);
    }

    [Fact]
    public void TrueProfitCurveAgreesWithPolicyValueOfTheSameTopShare()
    {
        // Ranking by the true effect, the top 30% by CampaignEconomics equals the policy "τ ≥ the 30% cut" here.
        var data = CampaignSimulator.Generate(new CampaignSimulationOptions { Customers = 5000, Seed = 4, Margin = 30, ContactCost = 0.5 });
        double[] tau = data.TrueEffects();
        var curve = CampaignEconomics.TrueProfitCurve(tau, tau, new CampaignEconomicsOptions { Margin = 30, ContactCost = 0.5, Fractions = [0.3] });
        var point = curve.Points[1];
        double threshold = tau.OrderDescending().ElementAt((int)point.TargetedUnits - 1);
        var value = data.PolicyValue(c => CampaignSimulator.TrueEffect(c) >= threshold);
        Assert.Equal(point.TargetedUnits, value.Targeted);
        Assert.Equal(point.Profit, value.IncrementalProfit, 9);
    }

    [Fact]
    public void BadOptionsNameTheValueAndRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CampaignSimulationOptions { TreatmentShare = 1.0 });
        Assert.Equal("TreatmentShare", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CampaignSimulationOptions { Customers = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CampaignSimulationOptions { ContactCost = double.NaN });
    }

    [Fact]
    public void PolicyValueOfNoCustomersIsRejected() =>
        Assert.Throws<ArgumentException>(() => CampaignSimulator.PolicyValue([], _ => true, new CampaignSimulationOptions()));
}
