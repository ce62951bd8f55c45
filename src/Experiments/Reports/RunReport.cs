using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Statistics;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Reports;

/// <summary>
/// The HTML report of a run, written beside its metrics.json from what the run store holds, so the same report can be
/// rendered again later from the store alone (<c>marketlab runs report RUN</c>). The runner never renders: it sits
/// below Reports (../shared/docs/ARCHITECTURE.md), and callers that want the report ask for it here.
/// </summary>
public static class RunReport
{
    /// <summary>Runs <paramref name="spec"/>, then writes report.html unless the spec turns the report off.</summary>
    public static async Task<RunResult> RunWithReportAsync(this ExperimentRunner runner, ExperimentSpec spec, RunOptions options,
        IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        RunResult result = await runner.RunAsync(spec, options, observer, cancellationToken).ConfigureAwait(false);
        if (!spec.Output.Report) return result;
        string path = Path.Combine(result.Directory, FileName);
        await File.WriteAllTextAsync(path, HtmlReport.Render(new ReportModel(result.Run, spec, result.Candidates, result.Statistics)), cancellationToken).ConfigureAwait(false);
        return result with { ReportPath = path };
    }

    /// <summary>The report file's name in a run's folder.</summary>
    public const string FileName = "report.html";

    /// <summary>
    /// Renders a stored run again (its spec text, candidate records and statistics), writing <paramref name="outputPath"/>;
    /// a run stored before statistics were kept gets them computed and stored first (<see cref="RunStatistics.ForStoredRun"/>).
    /// </summary>
    public static string Rerender(RunStore store, string runId, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(store);
        RunRecord run = store.FindRun(runId) ?? throw new ArgumentException($"no run '{runId}' in {store.Path}; see marketlab runs list");
        ExperimentSpec spec = SpecLoader.Parse(run.SpecText, run.SpecPath ?? $"run {run.Id} (stored spec)");
        var (candidates, statistics) = RunStatistics.ForStoredRun(store, run, spec);
        string full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, HtmlReport.Render(new ReportModel(run, spec, candidates, statistics)));
        return full;
    }
}
