namespace MarketLab.Evaluation.OffPolicy;

/// <summary>Off-policy estimators of a target policy's value V(π) = E[Σₐ π(a|x) r(x, a)].</summary>
public enum OffPolicyEstimator
{
    /// <summary>Inverse propensity scoring: mean of wᵢ rᵢ, wᵢ = π(aᵢ|xᵢ)/pᵢ (Horvitz &amp; Thompson 1952;
    /// <c>obp.ope.InverseProbabilityWeighting</c>). Unbiased; variance grows with the weights.</summary>
    InversePropensityScoring,

    /// <summary>Self-normalised IPS: Σ wᵢ rᵢ / Σ wᵢ (Swaminathan &amp; Joachims, NeurIPS 2015, eq. 2;
    /// <c>obp.ope.SelfNormalizedInverseProbabilityWeighting</c>). Biased by O(1/n), bounded by the reward range,
    /// usually much less variable than IPS.</summary>
    SelfNormalizedInversePropensityScoring,

    /// <summary>Direct method: mean of Σₐ π(a|xᵢ) q̂(xᵢ, a) (<c>obp.ope.DirectMethod</c>). Low variance, biased
    /// as far as the model is.</summary>
    DirectMethod,

    /// <summary>Doubly robust: mean of q̂_π(xᵢ) + wᵢ (rᵢ − q̂(xᵢ, aᵢ)) (Dudík, Langford &amp; Li, ICML 2011, eq. 3;
    /// <c>obp.ope.DoublyRobust</c>). Unbiased with known propensities; low variance when the model is good.</summary>
    DoublyRobust,
}
