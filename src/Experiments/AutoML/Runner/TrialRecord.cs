using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>A finished trial, as stored and shown on the leaderboard.</summary>
/// <param name="Id">The tuner's trial id.</param>
/// <param name="Learner">The trainer's name.</param>
/// <param name="Parameters">The full parameter set the tuner proposed.</param>
/// <param name="FoldMetrics">The metric on each validation fold (one for holdout).</param>
/// <param name="Metric">Mean of <paramref name="FoldMetrics"/>; NaN when failed.</param>
/// <param name="DurationSeconds">Wall time of the trial.</param>
/// <param name="PeakMemoryBytes">Largest process working set sampled during the trial.</param>
/// <param name="Status">Succeeded or failed.</param>
/// <param name="Error">Why it failed (exception type and message, timeout or memory cap); null when it succeeded.</param>
public sealed record TrialRecord(
    int Id, string Learner, ParameterSet Parameters, IReadOnlyList<double> FoldMetrics, double Metric,
    double DurationSeconds, long PeakMemoryBytes, TrialStatus Status, string? Error)
{
    /// <summary>The result the tuner is told.</summary>
    public TrialResult ToResult() => new(Id, Status == TrialStatus.Succeeded ? Metric : double.NaN, DurationSeconds, Status);
}
