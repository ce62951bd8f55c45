using MarketLab.Experiments.Reports;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Statistics;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Tests.Reports;

/// <summary>A report model as the runner stores it: each outcome with its classifier statistics, and the run's statistics.</summary>
internal static class StoredReportModel
{
    public static ReportModel Of(RunRecord run, ExperimentSpec spec, IEnumerable<CandidateRecord> candidates)
    {
        var stored = candidates.Select(c => c.Outcome is null ? c : c with { Outcome = c.Outcome.WithClassifierStatistics() }).ToList();
        return new ReportModel(run, spec, stored, RunStatistics.Compute(spec, stored));
    }
}
