namespace MarketLab.Evaluation.OffPolicy;

/// <summary>
/// What a reward (outcome) model predicts for each logged round, for the direct method and doubly robust
/// estimators: q̂(xᵢ, aᵢ) for the logged action and the model's expected reward under the target policy,
/// Σₐ π(a|xᵢ) q̂(xᵢ, a).
/// </summary>
/// <remarks>
/// In <c>obp.ope.estimators</c> these are <c>estimated_rewards_by_reg_model[i, aᵢ]</c> and
/// <c>np.average(estimated_rewards_by_reg_model[i], weights=action_dist[i])</c>. The caller computes them,
/// so this library needs no model code; fit the model on data other than the evaluation log (cross-fitting)
/// to keep the doubly robust estimate's standard error honest.
/// </remarks>
public sealed class OutcomePredictions
{
    private OutcomePredictions(double[] logged, double[] target)
    {
        LoggedArray = logged;
        TargetArray = target;
    }

    internal double[] LoggedArray { get; }
    internal double[] TargetArray { get; }

    /// <summary>Number of rounds.</summary>
    public int Count => LoggedArray.Length;

    /// <summary>q̂(xᵢ, aᵢ): the model's reward for the logged action.</summary>
    public IReadOnlyList<double> LoggedAction => Array.AsReadOnly(LoggedArray);

    /// <summary>Σₐ π(a|xᵢ) q̂(xᵢ, a): the model's expected reward under the target policy.</summary>
    public IReadOnlyList<double> TargetPolicy => Array.AsReadOnly(TargetArray);

    /// <summary>Checks and copies a model's predictions.</summary>
    /// <param name="loggedAction">q̂(xᵢ, aᵢ) per round, finite.</param>
    /// <param name="targetPolicy">Σₐ π(a|xᵢ) q̂(xᵢ, a) per round, finite.</param>
    /// <exception cref="ArgumentException">Empty, lengths differ, or a value is NaN or infinite.</exception>
    public static OutcomePredictions Create(ReadOnlySpan<double> loggedAction, ReadOnlySpan<double> targetPolicy)
    {
        if (loggedAction.Length == 0)
            throw new ArgumentException("loggedAction is empty; give one prediction per logged round.", nameof(loggedAction));
        Inputs.SameLength(loggedAction.Length, targetPolicy.Length, nameof(loggedAction), nameof(targetPolicy));
        for (int i = 0; i < loggedAction.Length; i++)
        {
            Inputs.Finite(loggedAction[i], i, nameof(loggedAction));
            Inputs.Finite(targetPolicy[i], i, nameof(targetPolicy));
        }
        return new OutcomePredictions(loggedAction.ToArray(), targetPolicy.ToArray());
    }
}
