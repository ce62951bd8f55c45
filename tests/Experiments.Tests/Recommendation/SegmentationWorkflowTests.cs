using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation.SasRec;
using MarketLab.Experiments.Recommendation.Segments;
using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Recommendation;

[Collection(TorchCollection.Name)]
public class SegmentationWorkflowTests
{
    // 40 users with the same behaviour (12 page views, same times, no purchase): the RFM-style features are identical,
    // so k-means on them alone cannot tell anyone apart. Half the users ("a") browse categories a0 -> a1 -> a2 -> a0 ...,
    // the other half ("b") b0 -> b1 -> b2 -> ..., each from a seeded random start: only the sequence tells the groups apart.
    private static List<UserSequence> TwoTastes(int seed = 4)
    {
        var random = new Random(seed);
        var users = new List<UserSequence>();
        int line = 1;
        for (int u = 0; u < 40; u++)
        {
            string group = u % 2 == 0 ? "a" : "b", user = $"{group}{u}";
            int start = random.Next(3);
            var events = Enumerable.Range(0, 12)
                .Select(e => new BehaviourEvent(user, $"i{e}", $"{group}{(start + e) % 3}", "pv", 1_000_000 + e * 60, line++)).ToList();
            users.Add(new UserSequence(user, events));
        }
        return users;
    }

    private static SegmentationRequest Request(List<UserSequence> users, SegmentEmbeddings embeddings) => new(users)
    {
        Embeddings = embeddings,
        Segmentation = new SegmentationOptions { Segments = 2, Seed = 1 },
        SasRec = new SasRecOptions
        {
            Epochs = 10, Hidden = 16, Blocks = 1, MaxLength = 12, Dropout = 0.1, LearningRate = 1e-2, BatchSize = 16, Seed = 7,
            Runtime = new TorchRuntimeOptions(TorchDevicePreference.Cpu, 1),
        },
    };

    [Fact]
    public void SasRecEmbeddingsSeparateUsersWhoseBehaviourIsIdentical()
    {
        var users = TwoTastes();
        var run = SegmentationWorkflow.Run(Request(users, SegmentEmbeddings.SasRec));
        Assert.Equal(16, run.EmbeddingSize);
        var a = users.Where(u => u.User[0] == 'a').Select(u => run.Result.Assignment[u.User]).Distinct().ToList();
        var b = users.Where(u => u.User[0] == 'b').Select(u => run.Result.Assignment[u.User]).Distinct().ToList();
        Assert.Single(a);
        Assert.Single(b);
        Assert.NotEqual(a[0], b[0]);
        // The profile's top categories follow: segment of "a" users browses a0..a2 only.
        Assert.All(run.Result.Profiles[a[0]].TopCategories, c => Assert.StartsWith("a", c.Category));
        Assert.All(run.Result.Profiles[a[0]].TopCategories, c => Assert.Equal(1 / 3.0, c.Share, 12));
    }

    [Fact]
    public void WithoutEmbeddingsIdenticalBehaviourCannotBeSplit()
    {
        // All behaviour features are equal: one distinct vector cannot make 2 segments. Regression: ML.NET's k-means++
        // threw InvalidOperationException ("Not enough distinct instances"), which the CLI reported as unexpected.
        var error = Assert.Throws<ArgumentException>(() => SegmentationWorkflow.Run(Request(TwoTastes(), SegmentEmbeddings.None)));
        Assert.Contains("only 1 distinct feature vector(s), fewer than the 2 segments", error.Message);
        Assert.Contains("--embeddings sasrec", error.Message);
    }

    [Fact]
    public void SameSeedSameSegments()
    {
        var users = TwoTastes();
        var first = SegmentationWorkflow.Run(Request(users, SegmentEmbeddings.SasRec)).Result.Assignment.OrderBy(x => x.Key).ToList();
        Assert.Equal(first, SegmentationWorkflow.Run(Request(users, SegmentEmbeddings.SasRec)).Result.Assignment.OrderBy(x => x.Key).ToList());
    }
}
