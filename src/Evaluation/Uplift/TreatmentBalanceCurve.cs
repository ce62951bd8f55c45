namespace MarketLab.Evaluation.Uplift;

/// <summary>Treated share along the uplift ranking (sklift <c>treatment_balance_curve</c>).</summary>
/// <param name="Position">Window positions spread evenly on 1..100 (percent of the ranking).</param>
/// <param name="Balance">Fraction of treated rows in each window.</param>
/// <param name="WindowSize">Rows per sliding window.</param>
public sealed record TreatmentBalanceCurve(IReadOnlyList<double> Position, IReadOnlyList<double> Balance, int WindowSize);
