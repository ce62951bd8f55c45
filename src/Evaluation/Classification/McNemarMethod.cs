namespace MarketLab.Evaluation.Classification;

/// <summary>How McNemar's test turns the discordant counts b, c into a p-value (statsmodels <c>mcnemar</c>).</summary>
public enum McNemarMethod
{
    /// <summary>Exact: statistic min(b, c), p = 2·Binomial(b + c, ½).cdf(min(b, c)), capped at 1 (<c>exact=True</c>).</summary>
    ExactBinomial,

    /// <summary>(|b − c|)²/(b + c) against χ²₁ (<c>exact=False, correction=False</c>).</summary>
    ChiSquare,

    /// <summary>(|b − c| − 1)²/(b + c) against χ²₁, Edwards' continuity correction (<c>exact=False, correction=True</c>).</summary>
    ChiSquareCorrected,
}
