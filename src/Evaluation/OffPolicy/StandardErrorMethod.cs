namespace MarketLab.Evaluation.OffPolicy;

/// <summary>How an off-policy estimate's standard error was computed.</summary>
public enum StandardErrorMethod
{
    /// <summary>The estimate is a mean of per-round values vᵢ: SE = s(v)/√n with the sample standard
    /// deviation (n − 1). For the direct method this ignores the model's own estimation error.</summary>
    SampleMean,

    /// <summary>Delta method (linearisation) of a ratio estimator: SE = s(ψ)/√n with influence values
    /// ψᵢ = wᵢ (rᵢ − V̂) / w̄ and the sample standard deviation (n − 1).</summary>
    Linearization,
}
