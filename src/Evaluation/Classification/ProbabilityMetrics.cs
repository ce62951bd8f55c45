using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Curves;
using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.Classification;

/// <summary>
/// Metrics of predicted probabilities (CTR predictions): log loss, normalized entropy, calibration ratio,
/// reliability bins and expected calibration error.
/// </summary>
/// <remarks>
/// Arguments: <c>yTrue</c> in {0, 1}; <c>probabilities</c> in [0, 1] (NaN rejected); optional
/// <c>sampleWeight</c> (empty = unweighted), finite and ≥ 0.
/// </remarks>
public static class ProbabilityMetrics
{
    /// <summary>Default clipping ε of <see cref="LogLoss"/>: machine epsilon of double, sklearn 1.2's <c>eps="auto"</c>
    /// (earlier sklearn used 1e-15).</summary>
    public const double DefaultEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Mean (weighted) cross-entropy −[y·log p + (1−y)·log(1−p)], equal to sklearn's <c>log_loss</c>: p is first
    /// clipped to [ε, 1−ε] so that a confident miss costs −log ε (≈ 36.0 for the default) instead of ∞.
    /// </summary>
    public static double LogLoss(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> probabilities,
        ReadOnlySpan<double> sampleWeight = default, double epsilon = DefaultEpsilon)
    {
        Check(yTrue, probabilities, sampleWeight);
        if (!(epsilon >= 0 && epsilon < 0.5))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon is {epsilon}; allowed values lie in [0, 0.5).");
        double loss = 0, total = 0;
        for (int i = 0; i < yTrue.Length; i++)
        {
            double p = Math.Clamp(probabilities[i], epsilon, 1 - epsilon);
            double w = sampleWeight.IsEmpty ? 1 : sampleWeight[i];
            loss -= w * (yTrue[i] == 1 ? Math.Log(p) : Math.Log(1 - p));
            total += w;
        }
        return total > 0 ? loss / total : throw new ArgumentException("sampleWeight sums to 0; at least one row needs weight > 0.", nameof(sampleWeight));
    }

    /// <summary>
    /// Normalized entropy NE = log loss / H(p̄), H(p̄) = −[p̄·log p̄ + (1−p̄)·log(1−p̄)] the entropy of the
    /// background CTR p̄ (He et al., "Practical Lessons from Predicting Clicks on Ads at Facebook", ADKDD 2014,
    /// §3.1, eq. 1). Below 1 the model beats predicting p̄ for everyone.
    /// </summary>
    /// <exception cref="ArgumentException">Bad input, or yTrue holds one class only (H(p̄) = 0).</exception>
    public static double NormalizedEntropy(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> probabilities,
        ReadOnlySpan<double> sampleWeight = default, double epsilon = DefaultEpsilon)
    {
        double loss = LogLoss(yTrue, probabilities, sampleWeight, epsilon);
        double ctr = WeightedMean(yTrue, sampleWeight);
        if (ctr <= 0 || ctr >= 1)
            throw new ArgumentException($"yTrue has background rate {ctr}; normalized entropy needs both of {{0, 1}}.", nameof(yTrue));
        double entropy = -(ctr * Math.Log(ctr) + (1 - ctr) * Math.Log(1 - ctr));
        return loss / entropy;
    }

    /// <summary>Calibration = mean predicted CTR / observed CTR (He et al. 2014, §3.1); 1 is calibrated.</summary>
    /// <exception cref="ArgumentException">Bad input, or no positive label (observed CTR 0).</exception>
    public static double CalibrationRatio(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> probabilities, ReadOnlySpan<double> sampleWeight = default)
    {
        Check(yTrue, probabilities, sampleWeight);
        double observed = WeightedMean(yTrue, sampleWeight);
        if (!(observed > 0))
            throw new ArgumentException("yTrue holds no positive (label 1) with weight > 0; the observed CTR is 0.", nameof(yTrue));
        return WeightedMean(probabilities, sampleWeight) / observed;
    }

    /// <summary>
    /// Reliability diagram over <paramref name="bins"/> equal-width bins with a Wilson interval per bin, and the
    /// expected/maximum calibration error. Bin edges are k·(1/B) and a probability on an inner edge goes to the
    /// lower bin (0 to the first), exactly as sklearn 1.2's <c>calibration_curve(strategy="uniform")</c>, which bins
    /// with <c>np.searchsorted(edges[1:-1], p)</c> (side="left").
    /// </summary>
    public static CalibrationReport Calibration(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> probabilities, int bins = 10,
        double confidenceLevel = 0.95)
    {
        Check(yTrue, probabilities, default);
        InputCheck.Range(bins, 1, 1_000_000, nameof(bins));
        InputCheck.Level(confidenceLevel, nameof(confidenceLevel));
        double step = 1.0 / bins;   // np.linspace(0, 1, B + 1) computes edge k as k * step
        var count = new long[bins];
        var sumPredicted = new double[bins];
        var sumObserved = new double[bins];
        for (int i = 0; i < yTrue.Length; i++)
        {
            double p = probabilities[i];
            int b = Math.Clamp((int)Math.Ceiling(p * bins) - 1, 0, bins - 1);
            if (b > 0 && p <= b * step) b--;
            else if (b < bins - 1 && p > (b + 1) * step) b++;
            count[b]++;
            sumPredicted[b] += p;
            sumObserved[b] += yTrue[i];
        }

        double z = Normal.Quantile(0.5 + confidenceLevel / 2), ece = 0, mce = 0;
        var result = new List<ReliabilityBin>();
        for (int b = 0; b < bins; b++)
        {
            if (count[b] == 0) continue;
            double predicted = sumPredicted[b] / count[b], observed = sumObserved[b] / count[b];
            double gap = Math.Abs(observed - predicted);
            ece += count[b] * gap;
            mce = Math.Max(mce, gap);
            result.Add(new ReliabilityBin(b, b * step, b == bins - 1 ? 1 : (b + 1) * step, count[b], predicted, observed,
                BinomialInterval.Wilson(observed, count[b], z)));
        }
        return new CalibrationReport(result.AsReadOnly(), bins, ece / yTrue.Length, mce, confidenceLevel);
    }

    private static void Check(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> probabilities, ReadOnlySpan<double> sampleWeight)
    {
        InputCheck.NotEmpty(yTrue.Length, nameof(yTrue));
        InputCheck.SameLength(yTrue.Length, probabilities.Length, nameof(probabilities), nameof(yTrue));
        InputCheck.Binary(yTrue, nameof(yTrue));
        InputCheck.Probabilities(probabilities, nameof(probabilities));
        InputCheck.Weights(sampleWeight, yTrue.Length, nameof(sampleWeight), nameof(yTrue));
    }

    private static double WeightedMean(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        double sum = 0, total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            sum += w * values[i];
            total += w;
        }
        return total > 0 ? sum / total : throw new ArgumentException("sampleWeight sums to 0; at least one row needs weight > 0.", "sampleWeight");
    }
}
