namespace MarketLab.Experiments.Data;

/// <summary>
/// Work a workflow gave up waiting for but could not stop, e.g. an AutoML trial whose trainer ignores cancellation
/// (FastTree) and is abandoned after its timeout. Such work keeps running and allocating; TorchSharp code must not run
/// beside it: an implicitly converted <c>TorchSharp.Scalar</c> is unreachable while libtorch uses it, so a garbage
/// collection caused by another thread can finalize it mid-call ("toFloat" errors, docs/recommendation.md). Torch
/// workflows call <see cref="WaitForAbandoned"/> before they start.
/// </summary>
public static class BackgroundWork
{
    private static readonly AbandonedWork Shared = new();

    /// <summary>Registers work that keeps running after its owner stopped waiting for it.</summary>
    public static void Track(Task work) => Shared.Track(work);

    /// <summary>Abandoned work still running.</summary>
    public static int Running => Shared.Running;

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for abandoned work to end; true when none is left. <paramref name="log"/>
    /// hears once when there is something to wait for.
    /// </summary>
    public static bool WaitForAbandoned(TimeSpan timeout, Action<string>? log = null) => Shared.WaitForAbandoned(timeout, log);
}

/// <summary>
/// One set of abandoned work (see <see cref="BackgroundWork"/>, which holds the process-wide set); tests keep their own
/// so work abandoned by other tests running in parallel does not count against them.
/// </summary>
public sealed class AbandonedWork
{
    private readonly List<Task> Abandoned = [];

    /// <summary>Registers work that keeps running after its owner stopped waiting for it.</summary>
    public void Track(Task work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (Abandoned)
        {
            Abandoned.RemoveAll(t => t.IsCompleted);
            if (!work.IsCompleted) Abandoned.Add(work);
        }
    }

    /// <summary>Abandoned work still running.</summary>
    public int Running
    {
        get
        {
            lock (Abandoned) return Abandoned.Count(t => !t.IsCompleted);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for abandoned work to end; true when none is left. <paramref name="log"/>
    /// hears once when there is something to wait for.
    /// </summary>
    public bool WaitForAbandoned(TimeSpan timeout, Action<string>? log = null)
    {
        Task[] running;
        lock (Abandoned) running = Abandoned.Where(t => !t.IsCompleted).ToArray();
        if (running.Length == 0) return true;
        log?.Invoke($"Waiting up to {timeout.TotalSeconds:0} s for {running.Length} abandoned background task(s) (timed-out AutoML trials) to end before starting libtorch.");
        try
        {
            return Task.WaitAll(running, timeout);
        }
        catch (AggregateException)
        {
            return running.All(t => t.IsCompleted); // they ended by failing, as cancelled work does
        }
    }
}
