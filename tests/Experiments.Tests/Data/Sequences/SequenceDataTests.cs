using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Tests.Data.Sequences;

public class SequenceDataTests
{
    private static IReadOnlyList<BehaviourEvent> Read(string text, BehaviourLogFormat format) =>
        BehaviourLog.Read(new StringReader(text), "log.txt", format);

    [Fact]
    public void PairsKeepFileOrderPerUser()
    {
        var seqs = UserSequences.Build(Read("1 10\n2 20\n1 11\n\n1 12\n2 21\n2 22\n", BehaviourLogFormat.UserItemPairs));
        Assert.Equal(["1", "2"], seqs.Select(s => s.User));
        Assert.Equal(["10", "11", "12"], seqs[0].Events.Select(e => e.Item));
        Assert.Equal(["20", "21", "22"], seqs[1].Events.Select(e => e.Item));
    }

    [Fact]
    public void TaobaoSortsByTimeAndKeepsFileOrderOnEqualTimestamps()
    {
        const string log = "7,100,1,pv,30\n7,101,1,cart,10\n7,102,2,pv,20\n7,103,2,buy,20\n7,104,2,fav,20\n";
        var seq = UserSequences.Build(Read(log, BehaviourLogFormat.TaobaoCsv)).Single();
        // t=10 first, then the three events at t=20 in file order (102, 103, 104), then t=30.
        Assert.Equal(["101", "102", "103", "104", "100"], seq.Events.Select(e => e.Item));
        Assert.Equal(["cart", "pv", "buy", "fav", "pv"], seq.Events.Select(e => e.Behaviour));
    }

    [Fact]
    public void MalformedLinesNameFileLineAndColumn()
    {
        var e = Assert.Throws<FormatException>(() => Read("1 10\n2 20 5\n", BehaviourLogFormat.UserItemPairs));
        Assert.StartsWith("log.txt:2:6:", e.Message);
        e = Assert.Throws<FormatException>(() => Read("1,2,3,pv,5\n1,2,3,click,6\n", BehaviourLogFormat.TaobaoCsv));
        Assert.StartsWith("log.txt:2:7:", e.Message);
        Assert.Contains("'click'", e.Message);
        e = Assert.Throws<FormatException>(() => Read("1,2,3,pv,5x\n", BehaviourLogFormat.TaobaoCsv));
        Assert.StartsWith("log.txt:1:10:", e.Message);
        e = Assert.Throws<FormatException>(() => Read("1,2,3,pv\n", BehaviourLogFormat.TaobaoCsv));
        Assert.StartsWith("log.txt:1:9:", e.Message);
    }

    [Fact]
    public void EmptyFileIsAClearError()
    {
        var e = Assert.Throws<FormatException>(() => Read("\n  \n", BehaviourLogFormat.UserItemPairs));
        Assert.Contains("log.txt:1:1: the file holds no events", e.Message);
        string path = Path.GetTempFileName();
        try
        {
            e = Assert.Throws<FormatException>(() => BehaviourLog.Read(path, BehaviourLogFormat.TaobaoCsv));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
        Assert.Throws<FileNotFoundException>(() => BehaviourLog.Read("/no/such/log.csv", BehaviourLogFormat.TaobaoCsv));
    }

    [Fact]
    public void LeaveOneOutHoldsOutTheLastTwoAndKeepsShortUsersInTraining()
    {
        // u1: a b c d -> train [a b], validation c, test d. u2: one event (e): training only, not evaluated.
        // u3: a e: two events, training only.
        var split = LeaveOneOutSplit.Create(UserSequences.Build(Read("u1 a\nu1 b\nu2 e\nu1 c\nu1 d\nu3 a\nu3 e\n", BehaviourLogFormat.UserItemPairs)));
        var v = split.Vocabulary;
        Assert.Equal(3, v.Count);                 // a, b, e seen in training; c and d only held out
        Assert.Equal([v.IdOf("a"), v.IdOf("b")], split.Users[0].Train);
        Assert.Equal(v.Rare, split.Users[0].Validation);   // c never in training: the shared rare id
        Assert.Equal(v.Rare, split.Users[0].Test);
        Assert.False(split.Users[1].IsEvaluated);
        Assert.Equal([v.IdOf("e")], split.Users[1].Train);
        Assert.False(split.Users[2].IsEvaluated);
        Assert.Single(split.Evaluated);
        Assert.Equal([1, 2, v.Rare], split.Users[0].TestInput());
    }

    [Fact]
    public void AllItemsCatalogGivesHeldOutOnlyItemsAnId()
    {
        var split = LeaveOneOutSplit.Create(UserSequences.Build(Read("u1 a\nu1 b\nu1 c\nu1 d\n", BehaviourLogFormat.UserItemPairs)), 1, ItemCatalog.AllItems);
        Assert.Equal(4, split.Vocabulary.Count);
        Assert.Equal(3, split.Users[0].Validation);
        Assert.Equal(4, split.Users[0].Test);
        Assert.Throws<ArgumentException>(() => LeaveOneOutSplit.Create(UserSequences.Build(Read("u1 a\nu1 b\nu1 c\n", BehaviourLogFormat.UserItemPairs)), 2, ItemCatalog.AllItems));
    }

    [Fact]
    public void CategoryAndBehaviourTargetsReplaceTheItem()
    {
        var events = Read("7,100,5,pv,1\n7,101,6,buy,2\n", BehaviourLogFormat.TaobaoCsv);
        Assert.Equal(["5", "6"], SequenceDatasets.Retarget(events, SequenceTarget.Category, "log").Select(e => e.Item));
        Assert.Equal(["pv", "buy"], SequenceDatasets.Retarget(events, SequenceTarget.Behaviour, "log").Select(e => e.Item));
        var pairs = Read("1 10\n", BehaviourLogFormat.UserItemPairs);
        var e = Assert.Throws<ArgumentException>(() => SequenceDatasets.Retarget(pairs, SequenceTarget.Category, "games.txt"));
        Assert.StartsWith("games.txt:1:", e.Message);
    }

    [Fact]
    public void RareItemsShareOneIdAndPaddingIsZero()
    {
        var v = ItemVocabulary.Build(["x", "y", "x", "z", "x", "y"], minCount: 2);
        Assert.Equal(2, v.Count);
        Assert.Equal(1, v.IdOf("x"));
        Assert.Equal(2, v.IdOf("y"));
        Assert.Equal(3, v.IdOf("z"));            // seen once: rare
        Assert.Equal(3, v.IdOf("never seen"));
        Assert.Equal(4, v.Size);
        Assert.Equal("y", v.ItemOf(2));
        Assert.False(v.IsKnown(ItemVocabulary.Padding));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.ItemOf(3));
    }

    [Fact]
    public void NoUserWithThreeEventsIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => LeaveOneOutSplit.Create(UserSequences.Build(Read("1 a\n1 b\n2 c\n", BehaviourLogFormat.UserItemPairs))));
        Assert.Contains("3 or more events", e.Message);
    }

    [SharedDataFact("behaviour/amazon-games-sasrec/Video.txt")]
    public void GamesMatchesThePublishedCounts()
    {
        var split = SequenceDatasets.Load(DatasetCatalog.Default.Resolve("amazon_games_sasrec"));
        // SOURCES.md and Kang & McAuley Table II: 31,013 users, 23,715 items, 287,107 actions. Counted with awk on the
        // file: 112 users have fewer than 3 lines (30 of them one line); they stay in training and are not evaluated,
        // as in the reference code's evaluate() (it skips users with an empty test list).
        Assert.Equal(31013, split.Users.Count);
        Assert.Equal(30901, split.Evaluated.Count());
        Assert.Equal(30, split.Users.Count(u => u.Events.Count == 1));
        Assert.Equal(287107, split.Users.Sum(u => u.Events.Count));
        Assert.Equal(287107 - 2 * 30901, split.Users.Sum(u => u.Train.Length));
        // items: all (the catalog entry): every item of the file is a candidate, as in the paper's code; 1,278 of them
        // occur only as validation or test items, so a training-only vocabulary would have 22,437.
        Assert.Equal(23715, split.Vocabulary.Count);
        var trainingOnly = SequenceDatasets.Load(SharedDatasets.Resolve("behaviour/amazon-games-sasrec/Video.txt"), BehaviourLogFormat.UserItemPairs);
        Assert.Equal(22437, trainingOnly.Vocabulary.Count);
    }

    [SharedDataFact("behaviour/taobao-userbehavior/UserBehavior_814users.csv")]
    public void TaobaoSequencesLoadFromTheCatalog()
    {
        var split = SequenceDatasets.Load(DatasetCatalog.Default.Resolve("taobao_sequences"));
        Assert.Equal(814, split.Users.Count);
        Assert.Equal(84287, split.Users.Sum(u => u.Events.Count));
        Assert.All(split.Users, u => Assert.True(u.Events.Zip(u.Events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp)));
    }
}
