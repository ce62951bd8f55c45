using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// Sample ratio mismatch (SRM): Pearson's chi-square goodness-of-fit test of the units observed in each
/// arm against the planned split, as <c>scipy.stats.chisquare(observed, expected)</c>.
/// </summary>
/// <remarks>
/// Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments" (KDD 2019).
/// The default threshold 0.001 follows GrowthBook and Optimizely: SRM is checked on every experiment,
/// so a strict threshold keeps false alarms rare while real assignment bugs, which give tiny p-values
/// at e-commerce sample sizes, are still caught.
/// </remarks>
public static class SampleRatioMismatch
{
    /// <summary>Tests observed arm counts against planned weights.</summary>
    /// <param name="observedCounts">Units per arm, each ≥ 0; at least two arms.</param>
    /// <param name="plannedWeights">Planned traffic shares per arm, positive and finite; normalised here,
    /// so [1, 1] and [0.5, 0.5] are the same plan.</param>
    /// <param name="threshold">Mismatch is flagged when the p-value is below this, in (0, 1).</param>
    /// <returns>The test; with no units at all there is no evidence of a mismatch, so χ² = 0 and p = 1.</returns>
    public static SrmResult Test(IReadOnlyList<long> observedCounts, IReadOnlyList<double> plannedWeights, double threshold = 0.001)
    {
        ArgumentNullException.ThrowIfNull(observedCounts);
        ArgumentNullException.ThrowIfNull(plannedWeights);
        int k = observedCounts.Count;
        if (k < 2)
            throw new ArgumentException($"An SRM check needs at least 2 arms; got {k}.", nameof(observedCounts));
        if (plannedWeights.Count != k)
            throw new ArgumentException($"plannedWeights has {plannedWeights.Count} entries but observedCounts has {k}; give one weight per arm.", nameof(plannedWeights));
        if (!(threshold > 0 && threshold < 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must lie strictly between 0 and 1.");

        double total = 0, weightSum = 0;
        for (int i = 0; i < k; i++)
        {
            long o = observedCounts[i];
            if (o < 0) throw new ArgumentOutOfRangeException(nameof(observedCounts), o, $"observedCounts[{i}] is {o}; counts must be ≥ 0.");
            double w = plannedWeights[i];
            if (!(w > 0 && double.IsFinite(w)))
                throw new ArgumentOutOfRangeException(nameof(plannedWeights), w, $"plannedWeights[{i}] is {w}; weights must be positive and finite.");
            total += o;
            weightSum += w;
        }

        var expected = new double[k];
        double chiSquare = 0;
        for (int i = 0; i < k; i++)
        {
            expected[i] = total * (plannedWeights[i] / weightSum);
            if (total > 0)
            {
                double d = observedCounts[i] - expected[i];
                chiSquare += d * d / expected[i];
            }
        }
        double pValue = ChiSquared.Sf(chiSquare, k - 1);
        return new SrmResult(chiSquare, k - 1, pValue, pValue < threshold, expected);
    }
}
