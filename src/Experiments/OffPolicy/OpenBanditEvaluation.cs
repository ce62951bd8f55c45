using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Distributions;
using MarketLab.Evaluation.OffPolicy;
using MarketLab.Experiments.Data;
using MarketLab.Evaluation;

namespace MarketLab.Experiments.OffPolicy;

/// <summary>The off-policy estimates of one policy's click rate next to its on-policy click rate.</summary>
/// <param name="Campaign">men or women.</param>
/// <param name="OnPolicyClickRate">Click rate in the evaluated policy's own log.</param>
/// <param name="OnPolicyInterval">Wald interval of that rate.</param>
/// <param name="Estimates">IPS, SNIPS, DM and DR estimated from the other policy's log.</param>
public sealed record OpenBanditComparison(string Campaign, double OnPolicyClickRate, Interval OnPolicyInterval, IReadOnlyList<OffPolicyEstimate> Estimates);

/// <summary>
/// Estimates the click rate of the Bernoulli Thompson sampling policy (bts) from the uniform-random log,
/// as in the Open Bandit Pipeline's benchmark (Saito et al., arXiv 2008.07146, §5), and sets it beside bts's
/// own on-policy click rate, which both policies having been logged makes available.
/// </summary>
/// <remarks>
/// bts ignores the user context, so its action distribution per position is estimated by the share of its
/// own impressions showing each item at that position. DM and DR use a click model q̂(item, position) fitted
/// on the random log with two-fold cross-fitting (each half's rows are scored by the model of the other
/// half), a per-cell click rate shrunk towards the position's rate by <see cref="PriorImpressions"/>
/// pseudo-impressions.
/// </remarks>
public static class OpenBanditEvaluation
{
    /// <summary>Pseudo-impressions of the position rate added to every item × position cell.</summary>
    public const double PriorImpressions = 20;

    public static OpenBanditComparison Compare(OpenBanditLog logged, OpenBanditLog target, OffPolicyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(logged);
        ArgumentNullException.ThrowIfNull(target);
        if (logged.Campaign != target.Campaign)
            throw new ArgumentException($"Logs of different campaigns: {logged.Campaign} and {target.Campaign}.");
        options ??= new OffPolicyOptions();
        int items = Math.Max(logged.ItemCount, target.ItemCount);

        var policy = ActionDistribution(target, items);
        var pi = new double[logged.Count];
        for (int i = 0; i < pi.Length; i++) pi[i] = policy[logged.Positions[i] - 1, logged.Items[i]];

        var (onAction, onPolicy) = CrossFittedModel(logged, policy, items);
        var log = LoggedFeedback.Create(logged.Clicks, logged.Propensities, pi);
        var estimates = OffPolicyEvaluation.EstimateAll(log, OutcomePredictions.Create(onAction, onPolicy), options);

        double rate = target.ClickRate;
        double se = Math.Sqrt(rate * (1 - rate) / target.Count);
        double z = Normal.Quantile(0.5 + options.ConfidenceLevel / 2);
        return new OpenBanditComparison(target.Campaign, rate, new Interval(rate - z * se, rate + z * se), estimates);
    }

    /// <summary>π(item | position) as the share of the policy's impressions at that position showing the item.</summary>
    internal static double[,] ActionDistribution(OpenBanditLog log, int items)
    {
        var counts = new double[3, items];
        var totals = new double[3];
        for (int i = 0; i < log.Count; i++)
        {
            counts[log.Positions[i] - 1, log.Items[i]]++;
            totals[log.Positions[i] - 1]++;
        }
        for (int p = 0; p < 3; p++)
            for (int a = 0; a < items; a++) counts[p, a] = totals[p] > 0 ? counts[p, a] / totals[p] : 0;
        return counts;
    }

    // q̂ for the logged action and Σₐ π(a|pos) q̂(a, pos) per row, each row scored by the other fold's model.
    private static (double[] OnAction, double[] OnPolicy) CrossFittedModel(OpenBanditLog log, double[,] policy, int items)
    {
        var onAction = new double[log.Count];
        var onPolicy = new double[log.Count];
        for (int fold = 0; fold < 2; fold++)
        {
            var model = ClickModel(log, items, i => i % 2 != fold);
            for (int i = fold; i < log.Count; i += 2)
            {
                int p = log.Positions[i] - 1;
                onAction[i] = model[p, log.Items[i]];
                double expected = 0;
                for (int a = 0; a < items; a++) expected += policy[p, a] * model[p, a];
                onPolicy[i] = expected;
            }
        }
        return (onAction, onPolicy);
    }

    private static double[,] ClickModel(OpenBanditLog log, int items, Func<int, bool> use)
    {
        var clicks = new double[3, items];
        var shown = new double[3, items];
        var positionClicks = new double[3];
        var positionShown = new double[3];
        for (int i = 0; i < log.Count; i++)
        {
            if (!use(i)) continue;
            int p = log.Positions[i] - 1;
            clicks[p, log.Items[i]] += log.Clicks[i];
            shown[p, log.Items[i]]++;
            positionClicks[p] += log.Clicks[i];
            positionShown[p]++;
        }
        var model = new double[3, items];
        for (int p = 0; p < 3; p++)
        {
            double prior = positionShown[p] > 0 ? positionClicks[p] / positionShown[p] : 0;
            for (int a = 0; a < items; a++)
                model[p, a] = (clicks[p, a] + PriorImpressions * prior) / (shown[p, a] + PriorImpressions);
        }
        return model;
    }
}
