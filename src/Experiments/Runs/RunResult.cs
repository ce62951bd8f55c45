using MarketLab.Experiments.Runs.Statistics;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Runs;

/// <summary>What <see cref="ExperimentRunner.RunAsync"/> did.</summary>
/// <param name="Run">The run as stored at the end.</param>
/// <param name="Candidates">Every candidate's stored record, in spec order.</param>
/// <param name="Statistics">The statistics across the candidates, as stored with the run.</param>
/// <param name="Executed">Names of the candidates executed in this call (the others came from the store).</param>
/// <param name="Directory">The run's artifacts folder.</param>
/// <param name="MetricsPath">metrics.json.</param>
/// <param name="ReportPath">report.html when <c>RunReport.RunWithReportAsync</c> wrote it; null from the runner alone or when the spec turns the report off.</param>
public sealed record RunResult(
    RunRecord Run, IReadOnlyList<CandidateRecord> Candidates, RunStatistics Statistics, IReadOnlyList<string> Executed, string Directory, string MetricsPath, string? ReportPath);
