using System.Diagnostics;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Cluster;

/// <summary>
/// The coordinator's in-memory view of its search (the durable ledger is the trial store that
/// <see cref="AutoMLExperiment"/> writes): finished trials as the tuner saw them, running and re-queued trials, workers.
/// Thread-safe: the search loop and the executor run off the grain's scheduler.
/// </summary>
internal sealed class SearchLedger(string searchId, string coordinator) : IProgress<AutoMLProgress>
{
    private readonly object _gate = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly List<WireTrialRecord> _trials = [];
    private readonly Dictionary<int, RunningTrial> _running = [];
    private readonly Dictionary<int, string> _ranOn = [];
    private readonly List<RequeuedTrial> _requeued = [];
    private readonly Dictionary<string, int> _workers = [];
    private readonly Dictionary<string, string> _refused = [];
    private SearchState _state = SearchState.Running;
    private string? _error;

    public SearchState State { get { lock (_gate) return _state; } }

    public void Started(int trialId, string slot) { lock (_gate) _running[trialId] = new(trialId, slot, DateTime.UtcNow); }

    public void Returned(int trialId, string silo) { lock (_gate) { _running.Remove(trialId); _ranOn[trialId] = silo; } }

    public void Requeued(int trialId, string slot, string reason)
    {
        lock (_gate)
        {
            _running.Remove(trialId);
            _requeued.Add(new(trialId, slot, reason));
        }
    }

    public void Workers(IReadOnlyDictionary<string, int> workers, IReadOnlyDictionary<string, string> refused)
    {
        lock (_gate)
        {
            _workers.Clear();
            foreach (var (silo, slots) in workers) _workers[silo] = slots;
            foreach (var (silo, reason) in refused) _refused[silo] = reason;
        }
    }

    /// <summary>A result reached the tuner (live leaderboard).</summary>
    public void Report(AutoMLProgress value)
    {
        lock (_gate) _trials.Add(WireTrialRecord.From(value.Trial, _ranOn.GetValueOrDefault(value.Trial.Id, "")));
    }

    /// <summary>The search ended: the result's trials (replayed ones included) replace the live list.</summary>
    public void Complete(AutoMLResult result)
    {
        lock (_gate)
        {
            _trials.Clear();
            _trials.AddRange(result.Trials.Select(t => WireTrialRecord.From(t, _ranOn.GetValueOrDefault(t.Id, ""))));
            _running.Clear();
            _state = SearchState.Completed;
        }
    }

    public void Fail(Exception e)
    {
        lock (_gate)
        {
            _state = SearchState.Failed;
            _error = $"{e.GetType().Name}: {e.Message}";
        }
    }

    public SearchStatus Snapshot()
    {
        lock (_gate)
        {
            return new SearchStatus
            {
                SearchId = searchId, State = _state, Coordinator = coordinator, Trials = _trials.ToArray(),
                Running = _running.Values.OrderBy(r => r.TrialId).ToArray(), Requeued = _requeued.ToArray(),
                Workers = new(_workers), Refused = new(_refused), Error = _error, ElapsedSeconds = _watch.Elapsed.TotalSeconds,
            };
        }
    }
}
