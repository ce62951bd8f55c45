namespace MarketLab.Evaluation.AbTesting;

/// <summary>Outcome of a sample-ratio-mismatch check.</summary>
/// <param name="ChiSquare">Pearson's statistic Σ (Oᵢ − Eᵢ)² / Eᵢ.</param>
/// <param name="DegreesOfFreedom">Number of arms − 1.</param>
/// <param name="PValue">P(χ²₍k−1₎ ≥ <paramref name="ChiSquare"/>).</param>
/// <param name="Mismatch">True when <paramref name="PValue"/> is below the threshold: the split is broken and
/// the experiment's results should not be trusted.</param>
/// <param name="ExpectedCounts">Eᵢ = N wᵢ / Σw, in arm order.</param>
public sealed record SrmResult(double ChiSquare, int DegreesOfFreedom, double PValue, bool Mismatch, IReadOnlyList<double> ExpectedCounts);
