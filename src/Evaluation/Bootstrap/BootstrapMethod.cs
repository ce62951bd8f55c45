namespace MarketLab.Evaluation.Bootstrap;

/// <summary>How a bootstrap confidence interval is read off the replicates.</summary>
public enum BootstrapMethod
{
    /// <summary>Quantiles of the replicates (Efron &amp; Tibshirani 1993, §13.3). Simple; first-order accurate,
    /// and biased for skewed or biased statistics.</summary>
    Percentile,

    /// <summary>Bias-corrected and accelerated quantiles (Efron 1987, "Better bootstrap confidence
    /// intervals", JASA 82; Efron &amp; Tibshirani 1993, §14.3): second-order accurate and
    /// transformation-respecting, at the cost of a jackknife over every unit.</summary>
    Bca,
}
