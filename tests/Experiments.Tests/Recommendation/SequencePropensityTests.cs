using System.Globalization;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Behaviour;
using MarketLab.Experiments.Recommendation.Propensity;
using MarketLab.Experiments.Recommendation.SasRec;
using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Recommendation;

[Collection(TorchCollection.Name)]
public class SequencePropensityTests
{
    // 90 synthetic Taobao users over the nine-day window: 12 pre-cut events each on categories 1..12; users who put
    // something in the cart before the cut buy in the last two days with probability 0.7, the others with 0.2.
    private static List<string> Log(int seed)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        long start = TaobaoBehaviour.WindowStart, cut = start + 7 * 86400L;
        for (int u = 1; u <= 90; u++)
        {
            bool carts = random.NextDouble() < 0.5;
            for (int t = 0; t < 12; t++)
            {
                string behaviour = carts && t % 4 == 3 ? "cart" : "pv";
                int category = carts ? 1 + (t % 3) : 4 + random.Next(9);
                lines.Add(FormattableString.Invariant($"{u},{1000 + random.Next(200)},{category},{behaviour},{start + (t * 7 * 86400L / 12) + random.Next(3600)}"));
            }
            if (random.NextDouble() < (carts ? 0.7 : 0.2)) lines.Add(FormattableString.Invariant($"{u},1500,1,buy,{cut + 3600 + random.Next(86400)}"));
        }
        return lines;
    }

    private static SequencePropensityRequest Request(string path) => new(path)
    {
        Seed = 3,
        SasRec = new SasRecOptions { Epochs = 3, Hidden = 8, MaxLength = 12, Blocks = 1, Dropout = 0.1, BatchSize = 16, Seed = 3, Runtime = new TorchRuntimeOptions(TorchDevicePreference.Cpu, 1) },
    };

    private static SequencePropensityResult Run(IEnumerable<string> lines)
    {
        string path = Path.Combine(Path.GetTempPath(), $"taobao-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllLines(path, lines);
            return SequencePropensity.Run(Request(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ComparesBothFeatureSetsOnTheSameHeldOutUsers()
    {
        var result = Run(Log(1));
        Assert.Equal(90, result.TrainUsers + result.TestUsers);
        Assert.Equal(27, result.TestUsers);                       // 30% of each label stratum, rounded
        Assert.Equal(result.TrainUsers, result.SasRecSequences);  // SASRec saw the training users only
        Assert.Equal(8, result.EmbeddingSize);
        Assert.Equal(TaobaoBehaviour.FeatureNames.Count, result.AggregatedFeatures);
        Assert.Equal([PropensityLearner.LogisticRegression, PropensityLearner.LightGbm], result.Comparisons.Select(c => c.Learner));
        foreach (var c in result.Comparisons)
        {
            // The cart signal is in the aggregated features: both sets separate buyers well above chance.
            Assert.InRange(c.DeLong.AucA, 0.6, 1.0);
            Assert.InRange(c.DeLong.AucB, 0.5, 1.0);
            Assert.Equal(c.DeLong.AucA - c.DeLong.AucB, c.DeLong.Difference, 12);
        }
    }

    [Fact]
    public void EventsInTheLabelWindowOtherThanTheLabelDoNotChangeAnything()
    {
        // Page views added after the cut (on a new category) leave every label as it was; an embedding trained on them
        // would leak the target window, so the embeddings and the AUCs must stay exactly the same.
        var lines = Log(1);
        long cut = TaobaoBehaviour.WindowStart + 7 * 86400L;
        var leaked = lines.Concat(Enumerable.Range(1, 90).Select(u => FormattableString.Invariant($"{u},1999,77,pv,{cut + 60 + u}"))).ToList();
        var a = Run(lines);
        var b = Run(leaked);
        Assert.Equal(a.Embeddings.Count, b.Embeddings.Count);
        for (int u = 0; u < a.Embeddings.Count; u++) Assert.Equal(a.Embeddings[u], b.Embeddings[u]);
        Assert.Equal(a.Comparisons.Select(c => (c.DeLong.AucA, c.DeLong.AucB)), b.Comparisons.Select(c => (c.DeLong.AucA, c.DeLong.AucB)));
    }

    [Fact]
    public void TheEmbeddingColumnsFollowTheAggregatedOnes()
    {
        var table = new MarketLab.Experiments.Data.Tabular.LabelledTable(["x"], [new float[] { 1, 2 }],
            new Dictionary<string, MarketLab.Experiments.Data.Tabular.ColumnKind> { ["x"] = MarketLab.Experiments.Data.Tabular.ColumnKind.Numeric }, ["0", "1"]);
        var extended = SequencePropensity.WithEmbedding(table, [[0.5f, -1f], [0.25f, 3f]]);
        Assert.Equal(["x", "sasrec_0", "sasrec_1"], extended.Names);
        Assert.Equal(new float[] { 0.5f, 0.25f }, (float[])extended.Columns[1]);
        Assert.Equal(new float[] { -1f, 3f }, (float[])extended.Columns[2]);
        Assert.Equal(table.Labels, extended.Labels);
        Assert.Throws<ArgumentException>(() => SequencePropensity.WithEmbedding(table, [[1f]]));
    }
}
