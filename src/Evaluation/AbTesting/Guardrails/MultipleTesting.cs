namespace MarketLab.Evaluation.AbTesting;

/// <summary>Adjusted p-values for a family of comparisons.</summary>
/// <remarks>
/// Matches statsmodels' <c>multipletests(method='holm' | 'fdr_bh')</c>. Adjusted p-values are
/// compared with the unadjusted α: reject H₍ᵢ₎ when p̃ᵢ ≤ α. Ties need no special handling: the running
/// maximum (Holm) or minimum (BH) gives tied p-values the same adjusted value whatever their order.
/// </remarks>
public static class MultipleTesting
{
    /// <summary>Adjusted p-values in the input order, monotone in the raw p-values and capped at 1.</summary>
    /// <param name="pValues">Raw p-values, each in [0, 1].</param>
    /// <param name="method">The correction.</param>
    public static double[] Adjust(IReadOnlyList<double> pValues, CorrectionMethod method)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int m = pValues.Count;
        for (int i = 0; i < m; i++)
        {
            double p = pValues[i];
            if (!(p >= 0 && p <= 1))
                throw new ArgumentOutOfRangeException(nameof(pValues), p, $"pValues[{i}] is {p}; a p-value must lie in [0, 1].");
        }
        var adjusted = new double[m];
        if (m == 0) return adjusted;

        // Indices sorted by ascending p-value (stable, though ties give equal results either way).
        int[] order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        switch (method)
        {
            case CorrectionMethod.None:
                for (int i = 0; i < m; i++) adjusted[i] = pValues[i];
                break;
            case CorrectionMethod.Holm:
                // Holm (1979): p̃₍ₖ₎ = max_{j ≤ k} min(1, (m − j + 1) p₍ⱼ₎), k = 1..m.
                double running = 0;
                for (int k = 0; k < m; k++)
                {
                    running = Math.Max(running, Math.Min(1, (m - k) * pValues[order[k]]));
                    adjusted[order[k]] = running;
                }
                break;
            case CorrectionMethod.BenjaminiHochberg:
                // Benjamini & Hochberg (1995): p̃₍ₖ₎ = min_{j ≥ k} min(1, m p₍ⱼ₎ / j).
                double least = 1;
                for (int k = m - 1; k >= 0; k--)
                {
                    least = Math.Min(least, (double)m * pValues[order[k]] / (k + 1));
                    adjusted[order[k]] = least;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, $"Unknown correction; use one of {string.Join(", ", Enum.GetNames<CorrectionMethod>())}.");
        }
        return adjusted;
    }
}
