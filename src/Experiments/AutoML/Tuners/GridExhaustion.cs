namespace MarketLab.Experiments.AutoML;

/// <summary>What a grid search does once every grid point has been proposed.</summary>
public enum GridExhaustion
{
    /// <summary><see cref="ITuner.Propose"/> returns null.</summary>
    Stop,

    /// <summary>Start again from the first grid point (useful with noisy metrics or re-sampled folds).</summary>
    Cycle,
}
