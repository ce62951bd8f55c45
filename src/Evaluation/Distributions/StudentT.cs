namespace MarketLab.Evaluation.Distributions;

/// <summary>Student's t distribution with ν &gt; 0 degrees of freedom (ν may be fractional, as in Welch's test).</summary>
public static class StudentT
{
    /// <summary>P(T ≤ t).</summary>
    public static double Cdf(double t, double df)
    {
        CheckDf(df);
        if (double.IsNaN(t)) return double.NaN;
        if (double.IsPositiveInfinity(df)) return Normal.Cdf(t);
        // Two-sided tail 2·P(T > |t|) = I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1).
        double t2 = t * t;
        double x = df / (df + t2), y = t2 / (df + t2);
        double tail = 0.5 * SpecialFunctions.BetaRegularized(df / 2, 0.5, x, y);
        return t > 0 ? 1 - tail : tail;
    }

    /// <summary>P(T &gt; t), accurate in relative terms in the upper tail.</summary>
    public static double Sf(double t, double df) => Cdf(-t, df);

    /// <summary>Density.</summary>
    public static double Pdf(double t, double df)
    {
        CheckDf(df);
        if (double.IsPositiveInfinity(df)) return Normal.Pdf(t);
        double logDensity = SpecialFunctions.LogGamma((df + 1) / 2) - SpecialFunctions.LogGamma(df / 2)
            - 0.5 * Math.Log(df * Math.PI) - (df + 1) / 2 * SpecialFunctions.LogOnePlus(t * t / df);
        return Math.Exp(logDensity);
    }

    /// <summary>Inverse of <see cref="Cdf"/>: Newton steps from the normal quantile, safeguarded by bisection.</summary>
    public static double Quantile(double p, double df)
    {
        CheckDf(df);
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must lie in [0, 1].");
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        if (p == 0.5) return 0;
        if (double.IsPositiveInfinity(df)) return Normal.Quantile(p);
        if (p > 0.5) return -Quantile(1 - p, df);

        // Lower half: the answer is negative. Bracket it, then Newton with a bisection fallback.
        double hi = 0, lo = Math.Min(-1, Normal.Quantile(p));
        while (Cdf(lo, df) > p) { hi = lo; lo *= 2; }
        double x = Math.Max(lo, Math.Min(hi, Normal.Quantile(p)));
        for (int i = 0; i < 200; i++)
        {
            double f = Cdf(x, df) - p;
            if (f == 0) return x;
            if (f > 0) hi = x; else lo = x;
            double next = x - f / Pdf(x, df);
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.Abs(next - x) <= 1e-15 * Math.Abs(x)) return next;
            x = next;
        }
        return x;
    }

    private static void CheckDf(double df)
    {
        if (!(df > 0)) throw new ArgumentOutOfRangeException(nameof(df), df, "Degrees of freedom must be positive.");
    }
}
