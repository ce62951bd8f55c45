namespace MarketLab.Evaluation.Classification;

/// <summary>McNemar's test of two classifiers' error rates on the same rows.</summary>
/// <param name="OnlyACorrect">b: rows classifier A got right and B got wrong.</param>
/// <param name="OnlyBCorrect">c: rows B got right and A got wrong.</param>
/// <param name="Statistic">min(b, c) for the exact test, the χ² statistic otherwise (0 when b + c = 0).</param>
/// <param name="PValue">Two-sided p-value (1 when b + c = 0: no disagreement, no evidence).</param>
/// <param name="Method">How the p-value was computed.</param>
public sealed record McNemarResult(long OnlyACorrect, long OnlyBCorrect, double Statistic, double PValue, McNemarMethod Method);
