namespace MarketLab.Evaluation.Distributions;

/// <summary>The chi-square distribution with k &gt; 0 degrees of freedom.</summary>
public static class ChiSquared
{
    /// <summary>P(X ≤ x) = P(k/2, x/2).</summary>
    public static double Cdf(double x, double df) => x <= 0 ? 0 : SpecialFunctions.GammaP(Check(df) / 2, x / 2);

    /// <summary>P(X &gt; x) = Q(k/2, x/2), accurate in relative terms in the upper tail.</summary>
    public static double Sf(double x, double df) => x <= 0 ? 1 : SpecialFunctions.GammaQ(Check(df) / 2, x / 2);

    private static double Check(double df) =>
        df > 0 ? df : throw new ArgumentOutOfRangeException(nameof(df), df, "Degrees of freedom must be positive.");
}
