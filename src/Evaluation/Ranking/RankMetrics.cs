namespace MarketLab.Evaluation.Ranking;

/// <summary>
/// Per-user values of Hit@k, NDCG@k and reciprocal rank for one held-out item (leave-one-out next-item evaluation,
/// as in Kang &amp; McAuley 2018 and Sun et al. 2019). The position of the held-out item is 0-based; ties follow
/// <see cref="TieBreaking"/>.
/// </summary>
public static class RankMetrics
{
    /// <summary>The metric's value for one user.</summary>
    public static double Value(RankMetric metric, RankOutcome outcome, TieBreaking ties = TieBreaking.Expected)
    {
        (int first, int last) = Positions(outcome, ties);
        int count = last - first + 1;
        return metric.Kind switch
        {
            RankMetricKind.Hit => Math.Max(0, Math.Min(metric.K, last + 1) - first) / (double)count,
            RankMetricKind.Ndcg => NdcgSum(first, Math.Min(last, metric.K - 1)) / count,
            RankMetricKind.ReciprocalRank => ReciprocalSum(first, last) / count,
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric.Kind, "Unknown metric kind."),
        };
    }

    /// <summary>The metric's value for each user, in order.</summary>
    public static double[] PerUser(RankMetric metric, IReadOnlyList<RankOutcome> outcomes, TieBreaking ties = TieBreaking.Expected)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var values = new double[outcomes.Count];
        for (int u = 0; u < values.Length; u++) values[u] = Value(metric, outcomes[u], ties);
        return values;
    }

    /// <summary>The mean over users (Hit@k, NDCG@k, MRR as reported in papers).</summary>
    /// <exception cref="ArgumentException">No users.</exception>
    public static double Mean(RankMetric metric, IReadOnlyList<RankOutcome> outcomes, TieBreaking ties = TieBreaking.Expected)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0) throw new ArgumentException("No users to average over; a ranking metric needs at least one held-out item.", nameof(outcomes));
        return PerUser(metric, outcomes, ties).Average();
    }

    private static (int First, int Last) Positions(RankOutcome o, TieBreaking ties) => ties switch
    {
        TieBreaking.Expected => (o.Higher, o.Higher + o.Tied),
        TieBreaking.Pessimistic => (o.Higher + o.Tied, o.Higher + o.Tied),
        TieBreaking.Optimistic => (o.Higher, o.Higher),
        _ => throw new ArgumentOutOfRangeException(nameof(ties), ties, $"Ties must be one of {string.Join(", ", Enum.GetNames<TieBreaking>())}."),
    };

    // Σ_{p=first}^{last} 1/log₂(p+2); empty when last < first. At most k terms.
    private static double NdcgSum(int first, int last)
    {
        double sum = 0;
        for (int p = first; p <= last; p++) sum += 1 / Math.Log2(p + 2);
        return sum;
    }

    // Σ_{p=first}^{last} 1/(p+1): summed directly for short blocks (a difference of harmonic numbers would cancel
    // digits), as H(last+1) − H(first) for long tied blocks.
    private static double ReciprocalSum(int first, int last)
    {
        if (last - first < 256)
        {
            double sum = 0;
            for (int p = last; p >= first; p--) sum += 1.0 / (p + 1);
            return sum;
        }
        return Harmonic(last + 1) - Harmonic(first);
    }

    /// <summary>H(n) = Σ_{i=1}^{n} 1/i: exact below 256, else the Euler–Maclaurin series
    /// ln n + γ + 1/(2n) − 1/(12n²) + 1/(120n⁴) (error below 1e-14 there).</summary>
    internal static double Harmonic(int n)
    {
        if (n < 256)
        {
            double sum = 0;
            for (int i = n; i >= 1; i--) sum += 1.0 / i;
            return sum;
        }
        double x = n, x2 = x * x;
        return Math.Log(x) + 0.57721566490153286 + 1 / (2 * x) - 1 / (12 * x2) + 1 / (120 * x2 * x2);
    }
}
