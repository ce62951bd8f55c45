using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Data;

public class BackgroundWorkTests
{
    [Fact]
    public void WaitsForTrackedWorkAndSaysWhenItGivesUp()
    {
        using var release = new ManualResetEventSlim();
        var stuck = Task.Factory.StartNew(() => release.Wait(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var work = new AbandonedWork(); // its own set: AutoML tests running in parallel abandon work in the shared one
        work.Track(stuck);
        var lines = new List<string>();
        Assert.False(work.WaitForAbandoned(TimeSpan.FromMilliseconds(50), lines.Add));
        Assert.Contains("abandoned background task", Assert.Single(lines));
        Assert.Equal(1, work.Running);

        release.Set();
        Assert.True(work.WaitForAbandoned(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, work.Running);
        Assert.True(stuck.IsCompleted);
    }

    [Fact]
    public void FailedWorkCountsAsEnded()
    {
        var failing = Task.Run(() => throw new OperationCanceledException());
        var work = new AbandonedWork();
        work.Track(failing);
        Assert.True(work.WaitForAbandoned(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, work.Running);
    }
}
