namespace MarketLab.Experiments.AutoML;

/// <summary>Whether the reported metric should go down (log loss, RMSE) or up (AUC, accuracy).</summary>
public enum OptimizationGoal
{
    /// <summary>Smaller is better.</summary>
    Minimize,

    /// <summary>Larger is better.</summary>
    Maximize,
}
