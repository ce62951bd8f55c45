using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Statistics;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Reports;

/// <summary>
/// Everything a report shows: the stored run, its spec, its candidates' stored outcomes (with each classifier's
/// statistics) and the statistics stored across them. Sections render these; they compute no statistic.
/// </summary>
public sealed record ReportModel(RunRecord Run, ExperimentSpec Spec, IReadOnlyList<CandidateRecord> Candidates, RunStatistics Statistics)
{
    /// <summary>Completed candidates with their outcomes.</summary>
    public IEnumerable<(CandidateRecord Record, CandidateOutcome Outcome)> Completed =>
        Candidates.Where(c => c.Status == CandidateStatus.Completed && c.Outcome is not null).Select(c => (c, c.Outcome!));
}
