namespace MarketLab.Evaluation.AbTesting;

/// <summary>A Beta(α, β) prior on a conversion rate; α and β must be positive and finite (checked where used).</summary>
/// <param name="Alpha">Prior pseudo-successes α.</param>
/// <param name="Beta">Prior pseudo-failures β.</param>
public readonly record struct BetaPrior(double Alpha, double Beta)
{
    /// <summary>Beta(1, 1), the uniform prior.</summary>
    public static BetaPrior Uniform => new(1, 1);

    internal void Validate(string parameterName)
    {
        if (!(Alpha > 0) || double.IsInfinity(Alpha))
            throw new ArgumentOutOfRangeException(parameterName, Alpha, $"The prior's Alpha is {Alpha}; it must be positive and finite.");
        if (!(Beta > 0) || double.IsInfinity(Beta))
            throw new ArgumentOutOfRangeException(parameterName, Beta, $"The prior's Beta is {Beta}; it must be positive and finite.");
    }
}
