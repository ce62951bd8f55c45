using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Data;

public class HillstromTests
{
    // Counts from shared/datasets/SOURCES.md: Womens E-Mail 21,387, No E-Mail 21,306.
    [SharedDataFact(Hillstrom.RelativePath)]
    public void WomensVersusNoEmailHasThePublishedArmSizes()
    {
        var data = Hillstrom.Load(Hillstrom.WomensEmail, HillstromOutcome.Visit);
        Assert.Equal(21387 + 21306, data.Count);
        Assert.Equal(21387, data.Treatment.Count(t => t));
        Assert.Equal(Hillstrom.FeatureNames.Count, data.FeatureCount);
        // Each one-hot group has exactly one 1 per row (the quoted "$750 - $1,000" level included).
        Assert.All(data.Features, row => Assert.Equal(3f, row.Skip(5).Sum()));
        Assert.All(data.Outcome, v => Assert.True(v is 0f or 1f));
    }

    [SharedDataFact(Hillstrom.RelativePath)]
    public void WomensEmailRaisesVisits()
    {
        // The campaign's well-known result: visit rate about 15.1% with the women's e-mail vs 10.6% without.
        var data = Hillstrom.Load(Hillstrom.WomensEmail, HillstromOutcome.Visit);
        double Rate(bool t) => Enumerable.Range(0, data.Count).Where(i => data.Treatment[i] == t).Average(i => (double)data.Outcome[i]);
        Assert.InRange(Rate(true), 0.145, 0.156);
        Assert.InRange(Rate(false), 0.100, 0.112);
    }

    [Fact]
    public void UnknownLevelNamesFileLineAndColumn()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("hillstrom").FullName, "bad.csv");
        File.WriteAllText(path, "recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend\n" +
            "10,2) $100 - $200,142.44,1,0,Surburban,0,Phone,Womens E-Mail,0,0,0\n" +
            "6,3) $200 - $350,329.08,1,1,Mars,1,Web,No E-Mail,0,0,0\n");
        var ex = Assert.ThrowsAny<Exception>(() => Hillstrom.Load(path: path));
        Assert.Contains("bad.csv", ex.Message);
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("'Mars'", ex.Message);
    }
}
