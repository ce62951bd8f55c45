using MarketLab.Evaluation.Bootstrap;

namespace MarketLab.Evaluation.Ranking;

/// <summary>One metric of one recommender: the mean over users and its bootstrap interval.</summary>
public sealed record RankingEstimate(RankMetric Metric, double Estimate, Interval Interval, int Users);

/// <summary>
/// The metric table of one recommender: each metric's mean over users with a seeded bootstrap interval over users
/// (users are the independent units; Efron &amp; Tibshirani 1993, ch. 13).
/// </summary>
public static class RankingSummary
{
    /// <summary>Summarises per-user outcomes; every metric uses the same seed, hence the same resampled users.</summary>
    /// <exception cref="ArgumentException">Fewer than two users.</exception>
    public static IReadOnlyList<RankingEstimate> Summarize(IReadOnlyList<RankOutcome> outcomes, IEnumerable<RankMetric> metrics, RankingEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(metrics);
        options ??= new RankingEvaluationOptions();
        if (outcomes.Count < 2) throw new ArgumentException($"{outcomes.Count} users; an interval over users needs at least 2.", nameof(outcomes));
        var rows = new List<RankingEstimate>();
        foreach (var metric in metrics)
        {
            double[] values = RankMetrics.PerUser(metric, outcomes, options.Ties);
            var result = BootstrapInterval.OneSample(values, Mean, options.Bootstrap);
            rows.Add(new RankingEstimate(metric, result.Estimate, result.Interval, outcomes.Count));
        }
        return rows;
    }

    internal static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }
}
