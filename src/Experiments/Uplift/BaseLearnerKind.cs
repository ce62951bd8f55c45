namespace MarketLab.Experiments.Uplift;

/// <summary>What a base learner predicts.</summary>
public enum BaseLearnerKind
{
    /// <summary>P(label = 1 | x), in a <c>Probability</c> column.</summary>
    Classifier,

    /// <summary>E[label | x], in a <c>Score</c> column.</summary>
    Regressor,
}
