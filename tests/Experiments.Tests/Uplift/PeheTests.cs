using MarketLab.Experiments.Data.Synthetic;
using MarketLab.Experiments.Uplift;

namespace MarketLab.Experiments.Tests.Uplift;

// PEHE, the root mean squared error of the estimated individual effect against the simulator's true
// τ(x) (Hill, "Bayesian nonparametric modeling for causal inference", JCGS 2011), must fall as the
// training set grows: the learners are consistent on the simulator's heterogeneous effects.
public class PeheTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static TheoryData<string> Learners => new() { "S", "T", "X", "CT" };

    [Theory]
    [MemberData(nameof(Learners))]
    public void PeheFallsAsTrainingDataGrows(string name)
    {
        var test = CampaignSimulator.Generate(new CampaignSimulationOptions { Customers = 4000, Seed = 100 });
        var testFeatures = test.Rows.Select(r => CampaignFeatures.Encode(r.Customer)).ToArray();
        var truth = test.TrueEffects();

        double Pehe(int n)
        {
            var train = CampaignFeatures.ToUpliftData(CampaignSimulator.Generate(new CampaignSimulationOptions { Customers = n, Seed = 7 }));
            var predicted = UpliftLearnerTests.Create(name).Fit(train).PredictUplift(testFeatures);
            return Math.Sqrt(truth.Select((t, i) => (predicted[i] - t) * (predicted[i] - t)).Average());
        }

        double small = Pehe(2000), medium = Pehe(10000), large = Pehe(50000);
        output.WriteLine($"{name}: PEHE {small:F4} (n=2,000), {medium:F4} (10,000), {large:F4} (50,000); mean |tau| {truth.Average(Math.Abs):F4}");
        Assert.True(large < medium && medium < small, $"{name}: PEHE {small:F4} (n=2,000), {medium:F4} (10,000), {large:F4} (50,000) should fall");
        Assert.True(large < 0.6 * small, $"{name}: PEHE fell only from {small:F4} to {large:F4}");
    }
}
