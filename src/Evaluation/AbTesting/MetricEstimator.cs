namespace MarketLab.Evaluation.AbTesting;

/// <summary>Turns an arm's <see cref="SufficientStatistics"/> into <see cref="ArmMoments"/> for a metric kind.</summary>
/// <remarks>
/// Variable layout: proportions and means use [y] or [y, x_pre]; ratios use [num, den] or
/// [num, den, num_pre, den_pre]. Ratio variances follow the delta method of Deng, Knoblich &amp; Lu,
/// "Applying the Delta Method in Metric Analytics" (KDD 2018), eq. (2):
/// Var(Ȳ/X̄) ≈ (σ²_Y − 2R σ_XY + R² σ²_X) / (n μ_X²) with R = μ_Y/μ_X, using sample (n − 1) moments.
/// </remarks>
public static class MetricEstimator
{
    /// <summary>Number of variables a metric needs.</summary>
    public static int Dimension(MetricKind kind, bool withCovariate) =>
        (kind == MetricKind.Ratio ? 2 : 1) * (withCovariate ? 2 : 1);

    /// <summary>Moments of the metric in one arm, or an <see cref="AnalysisError"/> describing why there are none.</summary>
    public static ArmMoments Estimate(SufficientStatistics stats, MetricKind kind, bool withCovariate)
    {
        ArgumentNullException.ThrowIfNull(stats);
        int expected = Dimension(kind, withCovariate);
        if (stats.Dimension != expected)
            throw new ArgumentException($"A {kind} metric{(withCovariate ? " with a covariate" : "")} needs {expected} variables per unit; the statistics hold {stats.Dimension}.", nameof(stats));
        long n = stats.Count;
        if (n == 0) throw new AnalysisException(AnalysisError.EmptyArm, "the arm has no units");
        if (n < 2) throw new AnalysisException(AnalysisError.TooFewUnits, $"the arm has {n} unit; at least 2 are needed for a variance");

        if (kind == MetricKind.Ratio) return EstimateRatio(stats, withCovariate);

        double y = stats.Mean(0);
        if (kind == MetricKind.Proportion && !withCovariate)
            // Bernoulli variance p(1 − p)/n, as in statsmodels' proportion tests.
            return new ArmMoments(n, y, y * (1 - y) / n);

        double vy = stats.Covariance(0, 0) / n;
        if (!withCovariate) return new ArmMoments(n, y, vy, UsesSampleVariance: true);
        return new ArmMoments(n, y, vy, true, stats.Mean(1), stats.Covariance(1, 1) / n, stats.Covariance(0, 1) / n, UsesSampleVariance: true);
    }

    private static ArmMoments EstimateRatio(SufficientStatistics s, bool withCovariate)
    {
        long n = s.Count;
        double den = s.Mean(1);
        if (den == 0) throw new AnalysisException(AnalysisError.ZeroDenominator, "the ratio's denominator sums to zero");
        double r = s.Mean(0) / den;
        // Gradient of num/den at the means: (1/μ_den, −R/μ_den).
        double[] g = [1 / den, -r / den, 0, 0];
        double variance = Quadratic(s, g, g) / n;
        if (!withCovariate) return new ArmMoments(n, r, variance);

        double preDen = s.Mean(3);
        if (preDen == 0) throw new AnalysisException(AnalysisError.ZeroDenominator, "the pre-period ratio's denominator sums to zero");
        double r0 = s.Mean(2) / preDen;
        double[] h = [0, 0, 1 / preDen, -r0 / preDen];
        return new ArmMoments(n, r, variance, true, r0, Quadratic(s, h, h) / n, Quadratic(s, g, h) / n);
    }

    // gᵀ Σ h with Σ the sample covariance matrix.
    private static double Quadratic(SufficientStatistics s, double[] g, double[] h)
    {
        double total = 0;
        for (int i = 0; i < s.Dimension; i++)
        {
            if (g[i] == 0) continue;
            for (int j = 0; j < s.Dimension; j++)
                if (h[j] != 0) total += g[i] * h[j] * s.Covariance(i, j);
        }
        return total;
    }
}
