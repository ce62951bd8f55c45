using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace MarketLab.Cluster;

/// <summary>
/// Trains trials on its silo. The work runs on a dedicated thread (<see cref="Experiments.AutoML.Runner.TrialWorkbench.RunAsync"/>),
/// so the grain's scheduler is never blocked; non-reentrant, so a slot holds one trial at a time.
/// </summary>
[SlotPlacement]
internal sealed class TrialSlotGrain(WorkerOptions worker, WorkbenchCache workbenches, ILocalSiloDetails silo, ILogger<TrialSlotGrain> log)
    : Grain, ITrialSlotGrain
{
    public Task<WorkerInfo> DescribeAsync() =>
        Task.FromResult(new WorkerInfo(silo.SiloAddress.ToParsableString(), worker.Version, worker.Slots,
            $"{Environment.MachineName} pid {Environment.ProcessId}"));

    public async Task<WireTrialRecord> RunAsync(SearchJob job, WireTrial trial)
    {
        if (job.Version != worker.Version)
            throw new InvalidOperationException(VersionMismatch(silo.SiloAddress.ToParsableString(), worker.Version, job.Version));
        var workbench = workbenches.Get(job);
        if (worker.BeforeTrial is { } hook) await hook(silo.SiloAddress.ToParsableString(), trial);
        log.LogInformation("Search {Search}: trial {Trial} on {Slot}", job.SearchId, trial.Id, this.GetPrimaryKeyString());
        // A trial of a search is never stopped from here: the coordinator drops results it no longer needs.
        var record = await workbench.RunAsync(trial.ToTrial(), CancellationToken.None);
        return WireTrialRecord.From(record!, silo.SiloAddress.ToParsableString());
    }

    internal static string VersionMismatch(string silo, string workerVersion, string coordinatorVersion) =>
        $"Worker silo {silo} runs MarketLab {workerVersion}, the search's coordinator runs {coordinatorVersion}: refused. " +
        "Run the same MarketLab version on every worker (a trial must score the same on any machine).";
}
