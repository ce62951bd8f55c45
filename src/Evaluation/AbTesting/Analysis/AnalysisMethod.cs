namespace MarketLab.Evaluation.AbTesting;

/// <summary>How comparisons are judged.</summary>
public enum AnalysisMethod
{
    /// <summary>Fixed-horizon z / Welch t tests with confidence intervals.</summary>
    Frequentist,

    /// <summary>Always-valid confidence sequences and p-values: safe to look at every day.</summary>
    Sequential,

    /// <summary>Posterior chance to beat control, expected loss and credible intervals.</summary>
    Bayesian,
}
