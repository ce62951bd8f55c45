using System.Diagnostics;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Runs.Data;
using MarketLab.Experiments.Runs.Statistics;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Runs;

/// <summary>
/// Runs a spec's candidates one by one, writing each to the <see cref="RunStore"/> when it finishes, then
/// metrics.json and report.html into <c>{artifacts}/{run id}/</c>. Running an unfinished spec again resumes:
/// candidates already stored as completed are not re-run (failed ones are retried). Candidates draw their seeds
/// from the spec's seed and their own names, and the data is prepared the same way each time, so a resumed
/// run ends with the same metrics as an uninterrupted one.
/// </summary>
public sealed class ExperimentRunner(RunStore store, CandidateRegistry? registry = null, DatasetCatalog? catalog = null)
{
    private readonly CandidateRegistry _registry = registry ?? CandidateRegistry.CreateDefault();
    private readonly DatasetCatalog _catalog = catalog ?? DatasetCatalog.Default;

    public async Task<RunResult> RunAsync(ExperimentSpec spec, RunOptions? options = null, IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new RunOptions();
        _registry.Validate(spec);

        RunRecord? resumed = options.Resume ? store.FindResumable(spec.Sha256) : null;
        RunRecord run = resumed ?? NewRun(spec, options.Clock);
        if (resumed is null) store.AddRun(run);
        string directory = Path.GetFullPath(Path.Combine(options.ArtifactsRoot ?? spec.Output.Directory, run.Id));
        Directory.CreateDirectory(directory);

        var done = store.Candidates(run.Id).Where(c => c.Status == CandidateStatus.Completed).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        observer?.RunStarted(run.Id, spec.Candidates.Count, done.Count, resumed is not null);
        RunData? data = null;
        var executed = new List<string>();
        for (int i = 0; i < spec.Candidates.Count; i++)
        {
            var candidate = spec.Candidates[i];
            if (done.Contains(candidate.Name))
            {
                observer?.CandidateFinished(candidate, i, CandidateStatus.Completed, skipped: true, null);
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            observer?.CandidateStarted(candidate, i);
            data ??= RunData.Prepare(spec, _catalog, directory);
            int index = i;
            var context = new CandidateContext(candidate, spec, data, CandidateSeed(spec.Seed, candidate.Name), directory)
            {
                Progress = observer is null ? null : new SynchronousProgress<CandidateProgress>(p => observer.CandidateProgress(candidate, index, p)),
            };
            var clock = Stopwatch.StartNew();
            CandidateRecord record;
            try
            {
                // The statistics a report shows are computed here, once, and stored with the outcome.
                var outcome = (await _registry.Get(candidate.Kind).RunAsync(context, cancellationToken).ConfigureAwait(false)).WithClassifierStatistics();
                record = new CandidateRecord(run.Id, i, candidate.Name, candidate.Kind, CandidateStatus.Completed, outcome, clock.Elapsed.TotalSeconds, null, options.Clock.GetUtcNow());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                record = new CandidateRecord(run.Id, i, candidate.Name, candidate.Kind, CandidateStatus.Failed, null, clock.Elapsed.TotalSeconds,
                    $"{e.GetType().Name}: {e.Message}", options.Clock.GetUtcNow());
            }
            store.SaveCandidate(record);
            executed.Add(candidate.Name);
            observer?.CandidateFinished(candidate, i, record.Status, skipped: false, record.Error);
        }

        var (candidates, statistics) = RunStatistics.Store(store, run, spec);
        var status = candidates.Count == spec.Candidates.Count && candidates.All(c => c.Status == CandidateStatus.Completed) ? RunStatus.Completed : RunStatus.Failed;
        store.FinishRun(run.Id, status, options.Clock.GetUtcNow());
        run = store.FindRun(run.Id)!;

        string metricsPath = Path.Combine(directory, "metrics.json");
        MetricsFile.Write(metricsPath, run, candidates);
        // The HTML report is rendered by Reports (RunReport.RunWithReportAsync) from these records, never here.
        return new RunResult(run, candidates, statistics, executed, directory, metricsPath, null);
    }

    /// <summary>The seed of a candidate: the spec's seed mixed with an FNV-1a hash of the name (stable across processes, unlike string.GetHashCode).</summary>
    public static int CandidateSeed(int specSeed, string name)
    {
        uint hash = 2166136261;
        foreach (char c in name) hash = (hash ^ c) * 16777619;
        return (int)((hash ^ (uint)specSeed) & 0x7FFFFFFF);
    }

    private static RunRecord NewRun(ExperimentSpec spec, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        string id = $"{now:yyyyMMdd-HHmmss}-{spec.Sha256[..6]}-{Guid.NewGuid().ToString("N")[..4]}";
        return new RunRecord(id, spec.Name, spec.SourcePath is { } file && File.Exists(file) ? Path.GetFullPath(file) : null, spec.Text, spec.Sha256,
            RunEnvironment.GitCommit(SharedDatasets.RepositoryRoot()), RunEnvironment.Packages(), RunEnvironment.Hardware(), spec.Seed, now, null, RunStatus.Running);
    }
}
