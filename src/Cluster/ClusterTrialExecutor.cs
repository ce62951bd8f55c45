using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace MarketLab.Cluster;

/// <summary>
/// The cluster's <see cref="ITrialExecutor"/>: each trial goes to a free slot grain on an active silo of this MarketLab
/// version. When the call fails because its silo died (Orleans breaks calls to a silo once membership declares it dead),
/// the trial goes back to the queue and runs on another slot; its result is the same there (same data, options and
/// seed: <see cref="TrialWorkbench"/>). The search loop applies one result per trial id, so nothing is counted twice.
/// </summary>
internal sealed class ClusterTrialExecutor(IGrainFactory grains, SearchJob job, SearchLedger ledger, ILogger log, Func<bool> coordinatorActive)
    : ITrialExecutor
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Quarantine = TimeSpan.FromSeconds(5);
    private readonly object _gate = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Dictionary<string, int> _workers = [];        // silo → slots
    private readonly Dictionary<string, string> _refused = [];     // silo → why
    private readonly Dictionary<string, DateTime> _suspect = [];   // silo → not used before
    private readonly HashSet<string> _busy = [];                   // slot keys
    private DateTime _refreshed = DateTime.MinValue;
    private DateTime? _noSlotsSince;

    /// <summary>How long the search waits for a silo with slots (of its version) before it fails with the reason.</summary>
    internal static readonly TimeSpan NoWorkerTimeout = TimeSpan.FromSeconds(60);

    public async Task<TrialRecord?> RunAsync(Trial trial, CancellationToken runToken)
    {
        var errors = 0;
        while (!runToken.IsCancellationRequested)
        {
            var slot = await AcquireAsync(runToken).ConfigureAwait(false);
            if (slot is null) return null;
            var silo = slot[..slot.LastIndexOf('/')];
            ledger.Started(trial.Id, slot);
            try
            {
                var wire = await grains.GetGrain<ITrialSlotGrain>(slot).RunAsync(job, WireTrial.From(trial)).WaitAsync(runToken).ConfigureAwait(false);
                ledger.Returned(trial.Id, wire.Silo);
                return wire.ToRecord();
            }
            catch (OperationCanceledException) when (runToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
            {
                // The worker answered with an error of its own (wrong data file, version): not a lost silo.
                ledger.Requeued(trial.Id, slot, e.Message);
                Suspect(silo);
                if (++errors >= 3) throw new InvalidOperationException($"Trial {trial.Id} was refused {errors} times; last: {e.Message}", e);
            }
            catch (Exception e)
            {
                log.LogWarning("Trial {Trial} lost on {Slot} ({Error}); re-queued", trial.Id, slot, e.Message);
                ledger.Requeued(trial.Id, slot, $"{e.GetType().Name}: {e.Message}");
                Suspect(silo);
            }
            finally
            {
                lock (_gate) _busy.Remove(slot);
            }
        }

        return null;
    }

    private void Suspect(string silo)
    {
        lock (_gate) _suspect[silo] = DateTime.UtcNow + Quarantine;
        _refreshed = DateTime.MinValue;
    }

    // A free slot on an active, accepted, unsuspected silo; waits (polling membership) until one is free.
    private async Task<string?> AcquireAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            // A coordinator whose silo is stopping or was declared dead hands out nothing more: its successor on another
            // silo owns the search (and the store) now. The search loop ends with this exception.
            if (!coordinatorActive())
                throw new OperationCanceledException("The coordinator's silo is no longer active; the search continues on the coordinator's next activation.");
            if (DateTime.UtcNow - _refreshed > RefreshEvery) await RefreshAsync().ConfigureAwait(false);
            lock (_gate)
            {
                var now = DateTime.UtcNow;
                if (_workers.Values.Any(slots => slots > 0)) _noSlotsSince = null;
                else if ((_noSlotsSince ??= now) < now - NoWorkerTimeout)
                    throw new InvalidOperationException(
                        $"No worker silo with slots has been available for {NoWorkerTimeout.TotalSeconds:0} s (start `marketlab worker --cluster ...`)" +
                        (_refused.Count > 0 ? "; refused: " + string.Join("; ", _refused.Values) : "."));
                foreach (var (silo, slots) in _workers.OrderBy(w => w.Key, StringComparer.Ordinal))
                {
                    if (_suspect.TryGetValue(silo, out var until) && until > now) continue;
                    for (var i = 0; i < slots; i++)
                    {
                        var key = $"{silo}/{i}";
                        if (_busy.Add(key)) return key;
                    }
                }
            }

            try { await Task.Delay(100, token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return null; }
        }

        return null;
    }

    private async Task RefreshAsync()
    {
        await _refresh.WaitAsync().ConfigureAwait(false);
        try
        {
            if (DateTime.UtcNow - _refreshed <= RefreshEvery) return;
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
            var active = hosts.Keys.Select(s => s.ToParsableString()).ToHashSet();
            foreach (var silo in active)
            {
                bool known;
                lock (_gate) known = _workers.ContainsKey(silo) || _refused.ContainsKey(silo);
                if (known) continue;
                WorkerInfo info;
                try { info = await grains.GetGrain<ITrialSlotGrain>($"{silo}/0").DescribeAsync().ConfigureAwait(false); }
                catch (Exception e)
                {
                    log.LogWarning("Silo {Silo} did not describe itself: {Error}", silo, e.Message);
                    continue;
                }

                lock (_gate)
                {
                    if (info.Version != job.Version) _refused[silo] = TrialSlotGrain.VersionMismatch(silo, info.Version, job.Version);
                    else _workers[silo] = info.Slots;
                }
            }

            lock (_gate)
            {
                foreach (var gone in _workers.Keys.Where(s => !active.Contains(s)).ToArray()) _workers.Remove(gone);
                ledger.Workers(_workers, _refused);
            }

            _refreshed = DateTime.UtcNow;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
