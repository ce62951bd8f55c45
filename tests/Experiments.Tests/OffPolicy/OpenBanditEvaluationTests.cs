using MarketLab.Experiments.Data;
using MarketLab.Experiments.OffPolicy;

namespace MarketLab.Experiments.Tests.OffPolicy;

public class OpenBanditEvaluationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [SharedDataFact("ctr/open-bandit")]
    public void OffPolicyEstimatesOfBtsAgreeWithItsOnPolicyClickRate()
    {
        foreach (var campaign in OpenBanditLog.Campaigns)
        {
            var random = OpenBanditLog.Load("random", campaign);
            var bts = OpenBanditLog.Load("bts", campaign);
            Assert.Equal(10000, random.Count);
            var comparison = OpenBanditEvaluation.Compare(random, bts);
            output.WriteLine($"{campaign}: on-policy {comparison.OnPolicyClickRate:F5} {comparison.OnPolicyInterval}; " +
                string.Join("; ", comparison.Estimates.Select(e => $"{e.Estimator} {e.Value:F5} {e.Interval}")));
            foreach (var estimate in comparison.Estimates)
            {
                Assert.True(estimate.IsValid);
                // The two 95% intervals overlap: the off-policy estimate is consistent with the truth.
                Assert.True(estimate.Interval.Lower <= comparison.OnPolicyInterval.Upper && comparison.OnPolicyInterval.Lower <= estimate.Interval.Upper,
                    $"{campaign} {estimate.Estimator}: {estimate.Value:F5} {estimate.Interval} vs on-policy {comparison.OnPolicyClickRate:F5} {comparison.OnPolicyInterval}");
            }
        }
    }

    [Fact]
    public void ActionDistributionSumsToOnePerPosition()
    {
        var log = new OpenBanditLog("bts", "men", [0, 1, 1, 2, 0, 0], [1, 1, 2, 2, 3, 3], [0, 1, 0, 0, 1, 0], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
        var pi = OpenBanditEvaluation.ActionDistribution(log, 3);
        for (int p = 0; p < 3; p++) Assert.Equal(1.0, pi[p, 0] + pi[p, 1] + pi[p, 2], 12);
        Assert.Equal(0.5, pi[0, 1]);
        Assert.Equal(1.0, pi[2, 0]);
    }

    [Fact]
    public void BadRowsNameFileLineAndColumn()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("obd").FullName, "men.csv");
        File.WriteAllText(path, ",timestamp,item_id,position,click,propensity_score\n0,t,3,1,0,0.03\n1,t,4,5,0,0.03\n");
        var ex = Assert.ThrowsAny<Exception>(() => OpenBanditLog.Load("random", "men", path));
        Assert.Contains("men.csv", ex.Message);
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("position 5", ex.Message);
    }
}
