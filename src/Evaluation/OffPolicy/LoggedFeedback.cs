namespace MarketLab.Evaluation.OffPolicy;

/// <summary>
/// Logged bandit feedback, checked once: for each round i the observed reward rᵢ, the logging policy's
/// propensity pᵢ = π₀(aᵢ|xᵢ) of the action it took, and the target policy's probability π(aᵢ|xᵢ) of that
/// same action (0 or 1 for a deterministic policy).
/// </summary>
/// <remarks>
/// This is the per-round slice of the Open Bandit Pipeline's input (Saito et al., arXiv 2008.07146,
/// §3; <c>obp.ope.estimators</c>: <c>reward</c>, <c>pscore</c>, and <c>action_dist[i, aᵢ]</c>), single
/// position. Passing π(aᵢ|xᵢ) instead of the whole action distribution keeps the evaluation free of the
/// action space; the direct and doubly robust methods take the model's rewards separately
/// (<see cref="OutcomePredictions"/>).
/// </remarks>
public sealed class LoggedFeedback
{
    private LoggedFeedback(double[] rewards, double[] propensities, double[] targetProbabilities)
    {
        RewardArray = rewards;
        PropensityArray = propensities;
        TargetArray = targetProbabilities;
    }

    internal double[] RewardArray { get; }
    internal double[] PropensityArray { get; }
    internal double[] TargetArray { get; }

    /// <summary>Number of logged rounds n.</summary>
    public int Count => RewardArray.Length;

    /// <summary>Observed rewards rᵢ.</summary>
    public IReadOnlyList<double> Rewards => Array.AsReadOnly(RewardArray);

    /// <summary>Logging propensities pᵢ = π₀(aᵢ|xᵢ), each in (0, 1].</summary>
    public IReadOnlyList<double> LoggingPropensities => Array.AsReadOnly(PropensityArray);

    /// <summary>Target-policy probabilities π(aᵢ|xᵢ) of the logged actions, each in [0, 1].</summary>
    public IReadOnlyList<double> TargetProbabilities => Array.AsReadOnly(TargetArray);

    /// <summary>Checks and copies a log.</summary>
    /// <param name="rewards">Observed rewards, finite (clicks, conversions, revenue).</param>
    /// <param name="loggingPropensities">π₀(aᵢ|xᵢ), each in (0, 1]; a zero propensity means the logging policy
    /// could not have taken the logged action, so the log is inconsistent.</param>
    /// <param name="targetProbabilities">π(aᵢ|xᵢ), each in [0, 1].</param>
    /// <exception cref="ArgumentException">The log is empty, the lengths differ, or a value is NaN or outside
    /// its range; the message names the parameter, the index and the allowed range.</exception>
    public static LoggedFeedback Create(ReadOnlySpan<double> rewards, ReadOnlySpan<double> loggingPropensities,
        ReadOnlySpan<double> targetProbabilities)
    {
        if (rewards.Length == 0)
            throw new ArgumentException("rewards is empty; off-policy evaluation needs at least one logged round.", nameof(rewards));
        Inputs.SameLength(rewards.Length, loggingPropensities.Length, nameof(rewards), nameof(loggingPropensities));
        Inputs.SameLength(rewards.Length, targetProbabilities.Length, nameof(rewards), nameof(targetProbabilities));
        for (int i = 0; i < rewards.Length; i++)
        {
            Inputs.Finite(rewards[i], i, nameof(rewards));
            double p = loggingPropensities[i];
            if (!(p > 0 && p <= 1))
                throw new ArgumentException($"loggingPropensities[{i}] is {p}; a propensity must lie in (0, 1].", nameof(loggingPropensities));
            double w = targetProbabilities[i];
            if (!(w >= 0 && w <= 1))
                throw new ArgumentException($"targetProbabilities[{i}] is {w}; a probability must lie in [0, 1].", nameof(targetProbabilities));
        }
        return new LoggedFeedback(rewards.ToArray(), loggingPropensities.ToArray(), targetProbabilities.ToArray());
    }
}
