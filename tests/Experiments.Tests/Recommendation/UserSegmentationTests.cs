using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation.Segments;

namespace MarketLab.Experiments.Tests.Recommendation;

public class UserSegmentationTests
{
    private const long Day = 86_400;

    // Three kinds of shoppers, 20 each, over a 30-day log: buyers (many events, several purchases, active on the
    // last day), browsers (many page views, no purchase, active recently) and lapsed users (three page views a
    // month ago). Small seeded jitter so no two users are identical.
    private static List<UserSequence> Shoppers(int seed = 5)
    {
        var random = new Random(seed);
        var users = new List<UserSequence>();
        int line = 1;
        for (int g = 0; g < 3; g++)
        {
            for (int u = 0; u < 20; u++)
            {
                string user = $"{"BRL"[g]}{u}";
                var events = new List<BehaviourEvent>();
                int n = g switch { 0 => 40 + random.Next(10), 1 => 60 + random.Next(10), _ => 3 };
                long last = g switch { 0 => 30 * Day, 1 => 29 * Day, _ => 2 * Day } - random.Next(3600);
                for (int e = 0; e < n; e++)
                {
                    string behaviour = g == 0 && e % 8 == 0 ? "buy" : g == 0 && e % 5 == 0 ? "cart" : "pv";
                    string category = g == 0 ? $"c{e % 3}" : g == 1 ? $"c{3 + e % 4}" : "c9";
                    events.Add(new BehaviourEvent(user, $"i{e}", category, behaviour, last - (n - 1 - e) * 60, line++));
                }
                users.Add(new UserSequence(user, events));
            }
        }
        return users;
    }

    [Fact]
    public void ThreeKindsOfShoppersAreFoundAndProfiled()
    {
        var users = Shoppers();
        var result = UserSegmentation.Fit(users, options: new SegmentationOptions { Segments = 3, Seed = 1 });
        // Every group lands in one segment of its own.
        foreach (char g in "BRL")
            Assert.Single(users.Where(u => u.User[0] == g).Select(u => result.Assignment[u.User]).Distinct());
        Assert.Equal(3, "BRL".Select(g => result.Assignment[$"{g}0"]).Distinct().Count());

        var buyers = result.Profiles[result.Assignment["B0"]];
        Assert.Equal(1.0, buyers.BuyerShare);
        Assert.Equal(0.0, result.Profiles[result.Assignment["R0"]].BuyerShare);
        var lapsed = result.Profiles[result.Assignment["L0"]];
        Assert.Equal(3.0, lapsed.MeanEvents, 12);
        Assert.InRange(lapsed.MeanRecencyDays, 27.95, 28.05); // last event about 2 days in; the log ends with the buyers, about day 30
        Assert.Equal("c9", Assert.Single(lapsed.TopCategories).Category);
        Assert.Equal(users.Count, result.Profiles.Sum(p => p.Users));
        Assert.True(result.Profiles.Zip(result.Profiles.Skip(1)).All(p => p.First.Users >= p.Second.Users), "segments are numbered by size");
    }

    [Fact]
    public void SameSeedGivesTheSameSegments()
    {
        var users = Shoppers();
        var a = UserSegmentation.Fit(users, options: new SegmentationOptions { Segments = 4, Seed = 3 });
        var b = UserSegmentation.Fit(users, options: new SegmentationOptions { Segments = 4, Seed = 3 });
        Assert.Equal(a.Assignment.OrderBy(x => x.Key), b.Assignment.OrderBy(x => x.Key));
        Assert.Equal(a.Profiles.Select(p => p.Users), b.Profiles.Select(p => p.Users));
    }

    [Fact]
    public void EmbeddingsAloneCanDecideTheSegments()
    {
        // Identical behaviour, two clearly different embeddings: with a large embedding weight the split follows them.
        var users = Enumerable.Range(0, 10).Select(u => new UserSequence($"u{u}", [new BehaviourEvent($"u{u}", "i", "c", "pv", 100, u + 1)])).ToList();
        var embeddings = users.ToDictionary(u => u.User, u => int.Parse(u.User[1..]) < 5 ? new float[] { 1, 0.01f * int.Parse(u.User[1..]) } : new float[] { -1, 0 });
        var result = UserSegmentation.Fit(users, embeddings, new SegmentationOptions { Segments = 2, Seed = 0, EmbeddingWeight = 5 });
        Assert.Single(Enumerable.Range(0, 5).Select(u => result.Assignment[$"u{u}"]).Distinct());
        Assert.Single(Enumerable.Range(5, 5).Select(u => result.Assignment[$"u{u}"]).Distinct());
        Assert.NotEqual(result.Assignment["u0"], result.Assignment["u9"]);
    }

    [Fact]
    public void StandardiseMatchesNumpy()
    {
        // numpy: (x - x.mean(0)) / x.std(0) (population sd, ddof=0) of [[1, 5], [2, 5], [6, 5]] =
        // [[-0.9258200997725514, 0], [-0.4629100498862757, 0], [1.3887301496588271, 0]] (a constant column gives 0).
        var z = UserSegmentation.Standardise([[1, 5], [2, 5], [6, 5]]);
        Assert.Equal(-0.9258200997725514, z[0][0], 12);
        Assert.Equal(-0.4629100498862757, z[1][0], 12);
        Assert.Equal(1.3887301496588271, z[2][0], 12);
        Assert.All(z, r => Assert.Equal(0, r[1]));
    }

    [Fact]
    public void MoreSegmentsThanUsersIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => UserSegmentation.Fit(Shoppers().Take(3).ToList(), options: new SegmentationOptions { Segments = 5 }));
        Assert.Contains("3 users cannot form 5 segments", error.Message);
    }
}
