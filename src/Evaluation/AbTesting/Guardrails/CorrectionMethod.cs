namespace MarketLab.Evaluation.AbTesting;

/// <summary>How p-values of several simultaneous comparisons (metrics, variants) are adjusted.</summary>
public enum CorrectionMethod
{
    /// <summary>No adjustment: each p-value is returned as is.</summary>
    None,

    /// <summary>Holm's step-down procedure; controls the family-wise error rate (Holm 1979).</summary>
    Holm,

    /// <summary>Benjamini–Hochberg step-up procedure; controls the false discovery rate under independence
    /// or positive dependence (Benjamini &amp; Hochberg 1995).</summary>
    BenjaminiHochberg,
}
