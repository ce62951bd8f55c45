namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>A synthetic click log for off-policy evaluation, with the truth needed to judge estimators.</summary>
/// <param name="Rounds">The logged rounds.</param>
/// <param name="Options">The settings that produced them.</param>
public sealed record ClickLog(IReadOnlyList<ClickRound> Rounds, ClickLogOptions Options)
{
    /// <summary>The target policy's value on these contexts: (1/n) Σᵢ Σₐ π(a|xᵢ) q(xᵢ, a), exact given the contexts.</summary>
    /// <param name="policy">π(·|x): a probability per action, summing to 1.</param>
    public double TrueValue(Func<IReadOnlyList<double>, IReadOnlyList<double>> policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        double total = 0;
        foreach (var round in Rounds)
        {
            var pi = Checked(policy(round.Context));
            for (int a = 0; a < pi.Count; a++) total += pi[a] * round.RewardProbabilities[a];
        }
        return total / Rounds.Count;
    }

    /// <summary>π(aᵢ|xᵢ) of each logged action under a target policy (the OPE input beside rewards and propensities).</summary>
    public double[] TargetProbabilities(Func<IReadOnlyList<double>, IReadOnlyList<double>> policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Rounds.Select(r => Checked(policy(r.Context))[r.Action]).ToArray();
    }

    /// <summary>Observed rewards.</summary>
    public double[] Rewards() => Rounds.Select(r => r.Reward).ToArray();

    /// <summary>Logging propensities π₀(aᵢ|xᵢ).</summary>
    public double[] LoggingPropensities() => Rounds.Select(r => r.LoggingPropensity).ToArray();

    private IReadOnlyList<double> Checked(IReadOnlyList<double> pi)
    {
        if (pi is null || pi.Count != Options.Actions)
            throw new ArgumentException($"policy returned {pi?.Count ?? 0} probabilities; it must return one per action ({Options.Actions}).", "policy");
        double sum = pi.Sum();
        if (Math.Abs(sum - 1) > 1e-9 || pi.Any(p => !(p >= 0)))
            throw new ArgumentException($"policy returned probabilities summing to {sum}; they must be ≥ 0 and sum to 1.", "policy");
        return pi;
    }
}
