using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>What an AutoML run produced.</summary>
/// <param name="Plan">The featurization chosen for the data.</param>
/// <param name="Metric">The metric trials were judged by.</param>
/// <param name="Trials">Every finished trial (replayed ones included) in the order the tuner saw them.</param>
/// <param name="Cancelled">True when the caller's token stopped the run (finished trials are kept).</param>
public sealed record AutoMLResult(FeaturizationPlan Plan, AutoMLMetric Metric, IReadOnlyList<TrialRecord> Trials, bool Cancelled)
{
    /// <summary>Succeeded trials, best first (ties by id).</summary>
    public IReadOnlyList<TrialRecord> Leaderboard =>
        Trials.Where(t => t.Status == TrialStatus.Succeeded)
            .OrderBy(t => AutoMLMetrics.Goal(Metric) == OptimizationGoal.Minimize ? t.Metric : -t.Metric).ThenBy(t => t.Id).ToArray();

    /// <summary>The zero-shot start of each learner, when the run had <see cref="AutoMLExperimentOptions.ZeroShot"/> on.</summary>
    public IReadOnlyList<Spaces.ZeroShotStart> ZeroShotStarts { get; init; } = [];

    /// <summary>How the validation folds kept rows together (<see cref="AutoMLExperimentOptions.ValidationGroups"/>), one line; null when rows were split freely.</summary>
    public string? ValidationGrouping { get; init; }

    /// <summary>How trials were validated, one line (folds or holdout, and why when chosen automatically; <see cref="AutoMLExperimentOptions.Folds"/>).</summary>
    public string Validation { get; init; } = "";

    /// <summary>The best succeeded trial, or null when none succeeded.</summary>
    public TrialRecord? Best => Leaderboard.FirstOrDefault();
}
