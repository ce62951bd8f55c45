namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// A normal prior on the relative lift (treatment / control − 1), as in GrowthBook's gbstats
/// (<c>GaussianPrior</c> on the relative effect). The standard deviation must be positive and finite.
/// </summary>
/// <param name="Mean">Prior mean of the relative lift (0.02 = +2 %).</param>
/// <param name="StandardDeviation">Prior standard deviation of the relative lift.</param>
public readonly record struct NormalPrior(double Mean, double StandardDeviation)
{
    internal void Validate(string parameterName)
    {
        if (!double.IsFinite(Mean))
            throw new ArgumentOutOfRangeException(parameterName, Mean, $"The prior's Mean is {Mean}; it must be finite.");
        if (!(StandardDeviation > 0) || double.IsInfinity(StandardDeviation))
            throw new ArgumentOutOfRangeException(parameterName, StandardDeviation,
                $"The prior's StandardDeviation is {StandardDeviation}; it must be positive and finite.");
    }
}
