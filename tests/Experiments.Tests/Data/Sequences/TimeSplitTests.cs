using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation;

namespace MarketLab.Experiments.Tests.Data.Sequences;

public class TimeSplitTests
{
    // user,item,category,behaviour,timestamp. Cut at t = 300 (events at 300 fall after it).
    //  a: i1@100 i2@200 | i3@300 i4@400        → evaluated: train [i1], validation i2, test i3
    //  b: i2@150 i5@250 i1@250 | i6@300         → evaluated: i5 and i1 share a second and keep file order; test i6
    //  c: | i7@350 i1@360                       → no event before the cut: skipped
    //  d: i3@120 | i2@310                       → one event before: training only ("short")
    //  e: i1@50 i5@60 |                         → nothing after: training only
    private const string Log = """
        a,i1,c1,pv,100
        a,i2,c1,pv,200
        a,i3,c2,pv,300
        a,i4,c2,pv,400
        b,i2,c1,pv,150
        b,i5,c3,pv,250
        b,i1,c1,cart,250
        b,i6,c3,pv,300
        c,i7,c4,pv,350
        c,i1,c1,pv,360
        d,i3,c2,pv,120
        d,i2,c1,pv,310
        e,i1,c1,pv,50
        e,i5,c3,pv,60
        """;

    private static IReadOnlyList<UserSequence> Sequences(string log, BehaviourLogFormat format = BehaviourLogFormat.TaobaoCsv) =>
        UserSequences.Build(BehaviourLog.Read(new StringReader(log), "log.csv", format));

    [Fact]
    public void EventsBeforeTheCutTrainAndTheFirstAfterItIsTheTest()
    {
        var split = TimeSplit.Create(Sequences(Log), TimeCut.Parse("1970-01-01T00:05:00Z"));
        // Training items in order of first appearance: a [i1], b [i2 i5], d [i3], e [i1 i5] → i1 1, i2 2, i5 3, i3 4; rare 5.
        Assert.Equal(["a", "b", "d", "e"], split.Users.Select(u => u.User));
        var a = split.Users[0];
        Assert.Equal([1], a.Train);
        Assert.Equal((2, 4), (a.Validation, a.Test));
        var b = split.Users[1];
        Assert.Equal([2, 3], b.Train);
        Assert.Equal((1, 5), (b.Validation, b.Test));   // i6 never trained on: the rare id
        Assert.Equal([4], split.Users[2].Train);
        Assert.Equal([1, 3], split.Users[3].Train);
        Assert.All(split.Users.Skip(2), u => Assert.False(u.IsEvaluated));
        Assert.Equal(new TimeSplitSummary("1970-01-01T00:05:00Z", 300, EventsBefore: 8, EventsAfter: 6, EvaluatedUsers: 2, SkippedUsers: 1, ShortUsers: 1, TrainingOnlyUsers: 1), split.Time);
        Assert.Equal([1, 2], a.TestInput());            // the test input is every event before the cut
        Assert.Equal(["i1", "i2", "i3"], a.Events.Select(e => e.Item)); // later events are dropped
    }

    [Fact]
    public void AFractionCutsAtTheTimestampOfThatShareOfEvents()
    {
        // 14 sorted timestamps: 50 60 100 120 150 200 250 250 300 300 310 350 360 400; floor(0.6 · 14) = 8 → 300.
        var byFraction = TimeSplit.Create(Sequences(Log), TimeCut.Parse("0.6"));
        Assert.Equal(300, byFraction.Time!.CutUnixSeconds);
        Assert.Equal("0.6", byFraction.Time.Cut);
        // floor(0.55 · 14) = 7 → 250: both of b's events at 250 fall after the cut, leaving b one event before it.
        var earlier = TimeSplit.Create(Sequences(Log), TimeCut.Parse("0.55"));
        Assert.Equal(250, earlier.Time!.CutUnixSeconds);
        Assert.Equal((1, 2), (earlier.Time.EvaluatedUsers, earlier.Time.ShortUsers));  // a evaluated; b and d short
        Assert.Equal([2], earlier.Users.Single(u => u.User == "b").Train);
    }

    [Fact]
    public void TheWorkflowRanksTheTimeSplitsTestItems()
    {
        var split = TimeSplit.Create(Sequences(Log), TimeCut.Parse("0.6"));
        var result = RecommendationWorkflow.Run(new RecommendationRequest(split, [RecommenderKind.Popularity]) { Negatives = 1 });
        Assert.Equal(2, result.Users);
        Assert.Equal(1, result.UnknownTargets);        // b's test item i6 never occurs before the cut
        Assert.Contains(result.Notes, n => n.StartsWith("Time split at 1970-01-01T00:05:00Z (0.6 of the events): 8 events before, 6 at or after; 2 users evaluated, 1 skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUntimedLogIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => TimeSplit.Create(Sequences("u a\nu b\nu c\n", BehaviourLogFormat.UserItemPairs), TimeCut.Parse("0.5"), name: "Video.txt"));
        Assert.Contains("Video.txt:1: the event has no timestamp", e.Message);
        Assert.Contains("leave-one-out", e.Message);
    }

    [Fact]
    public void ACutThatLeavesNobodyToEvaluateSaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => TimeSplit.Create(Sequences(Log), TimeCut.Parse("2030-01-01")));
        Assert.Contains("no user can be evaluated", e.Message);
        Assert.Contains("0 at or after", e.Message);
    }

    [Theory]
    [InlineData("1.5", "strictly between 0 and 1")]
    [InlineData("0", "strictly between 0 and 1")]
    [InlineData("yesterday", "neither a fraction")]
    public void BadCutsNameTheValue(string text, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => TimeCut.Parse(text));
        Assert.Contains($"'{text}'", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AnInstantWithoutOffsetIsUtc() =>
        Assert.Equal(1512172800, TimeCut.Parse("2017-12-02T00:00:00").Instant);   // date -u -d 2017-12-02 +%s
}
