namespace MarketLab.Evaluation.AbTesting;

/// <summary>The alternative hypothesis about the treatment-minus-control effect.</summary>
public enum Alternative
{
    /// <summary>The effect differs from zero.</summary>
    TwoSided,

    /// <summary>The effect is greater than zero (treatment better when higher is better).</summary>
    Greater,

    /// <summary>The effect is less than zero.</summary>
    Less,
}
