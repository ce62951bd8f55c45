namespace MarketLab.Experiments.Recommendation;

/// <summary>Which held-out item is predicted.</summary>
public enum EvaluationStage
{
    /// <summary>The second-to-last item, from the training items (for choosing epochs and settings).</summary>
    Validation,

    /// <summary>The last item, from the training items and the validation item (the reported figures).</summary>
    Test,
}
