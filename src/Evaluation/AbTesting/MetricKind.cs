namespace MarketLab.Evaluation.AbTesting;

/// <summary>How a metric is computed from per-unit values.</summary>
public enum MetricKind
{
    /// <summary>Share of units with a 0/1 outcome equal to 1 (conversion rate, share of users who clicked).</summary>
    Proportion,

    /// <summary>Mean of a per-unit value (revenue per user).</summary>
    Mean,

    /// <summary>
    /// Σ numerator / Σ denominator over units, analysed with the delta method because the analysis
    /// unit (click, order) differs from the randomisation unit (user): clicks/impressions, revenue/orders.
    /// </summary>
    Ratio,
}
