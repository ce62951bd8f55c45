namespace MarketLab.Evaluation.Distributions;

/// <summary>The standard normal distribution.</summary>
public static class Normal
{
    private static readonly double InvSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);

    /// <summary>Density φ(z).</summary>
    public static double Pdf(double z) => InvSqrtTwoPi * Math.Exp(-0.5 * z * z);

    /// <summary>Φ(z) = P(Z ≤ z), accurate in relative terms in the lower tail.</summary>
    public static double Cdf(double z) => double.IsNaN(z) ? double.NaN : 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <summary>1 − Φ(z), accurate in relative terms in the upper tail.</summary>
    public static double Sf(double z) => Cdf(-z);

    /// <summary>Φ⁻¹(p).</summary>
    /// <remarks>
    /// P. J. Acklam's rational approximation (relative error 1.15e-9), polished by Halley steps on the
    /// exact <see cref="Cdf"/>, which brings it to full double precision.
    /// </remarks>
    public static double Quantile(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must lie in [0, 1].");
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        if (p > 0.5) return UpperQuantile(p);
        return Refine(Acklam(p), p);
    }

    // For p > 1/2 refine on the upper tail so that 1 − p keeps its digits.
    private static double UpperQuantile(double p) => -Refine(Acklam(1 - p), 1 - p);

    private static double Refine(double x, double p)
    {
        for (int i = 0; i < 3; i++)
        {
            double e = Cdf(x) - p;
            double u = e / Pdf(x);
            if (double.IsInfinity(u) || double.IsNaN(u)) break;
            x -= u / (1 + x * u / 2);
        }
        return x;
    }

    private static double Acklam(double p)
    {
        const double pLow = 0.02425;
        if (p < pLow)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                 / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        double r = p - 0.5, s = r * r;
        return (((((-3.969683028665376e+01 * s + 2.209460984245205e+02) * s - 2.759285104469687e+02) * s + 1.383577518672690e+02) * s - 3.066479806614716e+01) * s + 2.506628277459239e+00) * r
             / (((((-5.447609879822406e+01 * s + 1.615858368580409e+02) * s - 1.556989798598866e+02) * s + 6.680131188771972e+01) * s - 1.328068155288572e+01) * s + 1);
    }
}
