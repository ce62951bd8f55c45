namespace MarketLab.Evaluation.Distributions;

/// <summary>The Beta(α, β) distribution.</summary>
public readonly record struct BetaDistribution
{
    public BetaDistribution(double alpha, double beta)
    {
        if (!(alpha > 0) || double.IsInfinity(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Beta's alpha must be positive and finite.");
        if (!(beta > 0) || double.IsInfinity(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "Beta's beta must be positive and finite.");
        Alpha = alpha;
        Beta = beta;
    }

    public double Alpha { get; }
    public double Beta { get; }
    public double Mean => Alpha / (Alpha + Beta);
    public double Variance => Alpha * Beta / ((Alpha + Beta) * (Alpha + Beta) * (Alpha + Beta + 1));

    /// <summary>Density; uses the same Stirling-based prefactor as the incomplete beta, so large α and β stay accurate.</summary>
    public double Pdf(double x)
    {
        if (x <= 0 || x >= 1) return 0;
        return SpecialFunctions.BetaPrefactor(Alpha, Beta, x, 1 - x) / (x * (1 - x));
    }

    /// <summary>P(X ≤ x).</summary>
    public double Cdf(double x) => x <= 0 ? 0 : x >= 1 ? 1 : SpecialFunctions.BetaRegularized(Alpha, Beta, x);

    /// <summary>Inverse of <see cref="Cdf"/> by safeguarded Newton iteration.</summary>
    public double Quantile(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must lie in [0, 1].");
        if (p == 0) return 0;
        if (p == 1) return 1;
        double lo = 0, hi = 1;
        double x = Math.Clamp(Mean + Math.Sqrt(Variance) * Normal.Quantile(p), 1e-12, 1 - 1e-12);
        for (int i = 0; i < 300; i++)
        {
            double f = Cdf(x) - p;
            if (f == 0) return x;
            if (f > 0) hi = x; else lo = x;
            double next = x - f / Pdf(x);
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.Abs(next - x) <= 1e-15 * x) return next;
            x = next;
        }
        return x;
    }
}
