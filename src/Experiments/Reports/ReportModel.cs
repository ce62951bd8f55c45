using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Reports;

/// <summary>Everything a report shows: the stored run, its spec and its candidates' stored outcomes.</summary>
public sealed record ReportModel(RunRecord Run, ExperimentSpec Spec, IReadOnlyList<CandidateRecord> Candidates)
{
    /// <summary>Completed candidates with their outcomes.</summary>
    public IEnumerable<(CandidateRecord Record, CandidateOutcome Outcome)> Completed =>
        Candidates.Where(c => c.Status == CandidateStatus.Completed && c.Outcome is not null).Select(c => (c, c.Outcome!));
}
