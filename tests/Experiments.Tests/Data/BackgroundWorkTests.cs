using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Data;

public class BackgroundWorkTests
{
    [Fact]
    public void WaitsForTrackedWorkAndSaysWhenItGivesUp()
    {
        using var release = new ManualResetEventSlim();
        var stuck = Task.Factory.StartNew(() => release.Wait(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        BackgroundWork.Track(stuck);
        var lines = new List<string>();
        Assert.False(BackgroundWork.WaitForAbandoned(TimeSpan.FromMilliseconds(50), lines.Add));
        Assert.Contains("abandoned background task", Assert.Single(lines));
        Assert.True(BackgroundWork.Running >= 1);

        release.Set();
        Assert.True(BackgroundWork.WaitForAbandoned(TimeSpan.FromSeconds(30)));
        Assert.True(stuck.IsCompleted);
    }

    [Fact]
    public void FailedWorkCountsAsEnded()
    {
        var failing = Task.Run(() => throw new OperationCanceledException());
        BackgroundWork.Track(failing);
        Assert.True(BackgroundWork.WaitForAbandoned(TimeSpan.FromSeconds(30)));
    }
}
