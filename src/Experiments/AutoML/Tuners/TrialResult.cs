using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>The outcome of a <see cref="Trial"/>.</summary>
/// <param name="TrialId">The <see cref="Trial.Id"/> this result belongs to.</param>
/// <param name="Metric">The metric (direction set by <see cref="TunerOptions.Goal"/>); ignored when failed.
/// A non-finite metric on a succeeded trial is treated as a failure.</param>
/// <param name="CostSeconds">Wall time of the trial in seconds (what cost-frugal search and ECI budget).</param>
/// <param name="Status">Succeeded or failed.</param>
public sealed record TrialResult(int TrialId, double Metric, double CostSeconds, TrialStatus Status = TrialStatus.Succeeded)
{
    /// <summary>A succeeded trial.</summary>
    public static TrialResult Succeeded(int trialId, double metric, double costSeconds) => new(trialId, metric, costSeconds);

    /// <summary>A failed trial (its cost still counts).</summary>
    public static TrialResult Failed(int trialId, double costSeconds = 0) => new(trialId, double.NaN, costSeconds, TrialStatus.Failed);

    /// <summary>True when the trial succeeded with a finite metric.</summary>
    public bool IsUsable => Status == TrialStatus.Succeeded && double.IsFinite(Metric);

    internal void Validate()
    {
        if (!(CostSeconds >= 0) || !double.IsFinite(CostSeconds))
            throw new ArgumentOutOfRangeException(nameof(CostSeconds), CostSeconds, $"Trial {TrialId}: cost must be a finite number of seconds >= 0.");
        if (!Enum.IsDefined(Status))
            throw new ArgumentOutOfRangeException(nameof(Status), Status, $"Trial {TrialId}: allowed: {string.Join(", ", Enum.GetNames<TrialStatus>())}.");
    }
}
