namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// The per-trial time limit of a search that adapts it (<see cref="AutoMLExperimentOptions.AdaptiveTrialTimeout"/>):
/// before any trial has succeeded, half of the budget left (at least the fixed rule,
/// <see cref="AutoMLExperimentOptions.DefaultTrialTimeout"/>): the first trials are the cheap starting points, and a
/// search whose every trial timed out has nothing to show — on a machine shared with other jobs (22% of a core each)
/// every trial of a 40 s Hillstrom search hit a fixed 10 s; afterwards
/// <see cref="CostFactor"/> times the median duration of the succeeded trials, at least a fortieth of the budget (and
/// 1 s), and never more than half of the budget still left. A proposal that would cost many typical trials is cut
/// early and the tuner, told its cost, moves away from it; FLAML likewise bounds each trial by the time left
/// (Wang et al., MLSys 2021, section 4). On Hillstrom (40 s, 2 workers) the fixed 10 s let three L-BFGS trials take
/// a quarter of the budget each (issue 16).
/// </summary>
public static class TrialTimeoutPolicy
{
    /// <summary>How many median trials one trial may cost.</summary>
    public const double CostFactor = 5;

    /// <summary>The limit for the next trial.</summary>
    /// <param name="budget">The search's whole time budget.</param>
    /// <param name="remaining">Budget left now.</param>
    /// <param name="succeededSeconds">Durations of the trials that succeeded so far.</param>
    public static TimeSpan For(TimeSpan budget, TimeSpan remaining, IReadOnlyCollection<double> succeededSeconds)
    {
        ArgumentNullException.ThrowIfNull(succeededSeconds);
        if (budget <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(budget), budget, "Must be > 0.");
        var oneSecond = TimeSpan.FromSeconds(1);
        var ceiling = Max(remaining / 2, oneSecond);
        if (succeededSeconds.Count == 0)
            return Min(Max(AutoMLExperimentOptions.DefaultTrialTimeout(budget), remaining / 2), Max(remaining, oneSecond));
        var sorted = succeededSeconds.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var floor = Max(budget / 40, oneSecond);
        return Min(Max(TimeSpan.FromSeconds(CostFactor * median), floor), ceiling);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
