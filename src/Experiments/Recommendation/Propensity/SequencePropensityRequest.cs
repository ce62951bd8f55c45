using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Experiments.Recommendation.Propensity;

/// <summary>The learner that predicts the purchase from the features.</summary>
public enum PropensityLearner
{
    /// <summary>L-BFGS logistic regression over mean-imputed, standardised features.</summary>
    LogisticRegression,

    /// <summary>LightGBM (15 leaves, 100 trees, learning rate 0.05, one thread).</summary>
    LightGbm,
}

/// <summary>
/// Does a SASRec user embedding lift the Taobao purchase-propensity AUC? See <see cref="SequencePropensity.Run"/>.
/// </summary>
/// <param name="Path">A Taobao UserBehavior CSV (user,item,category,behaviour,timestamp).</param>
public sealed record SequencePropensityRequest(string Path)
{
    /// <summary>Days at the end of the window whose purchases are the label (as the behaviour-taobao spec: 2).</summary>
    public int LabelDays { get; init; } = 2;

    /// <summary>Share of users held out for the AUCs, stratified by label.</summary>
    public double TestShare { get; init; } = 0.3;

    /// <summary>Seeds the user split; SASRec takes its own seed from <see cref="SasRec"/>.</summary>
    public int Seed { get; init; }

    /// <summary>The learners compared with and without the embedding (each gets its own DeLong test).</summary>
    public IReadOnlyList<PropensityLearner> Learners { get; init; } = [PropensityLearner.LogisticRegression, PropensityLearner.LightGbm];

    /// <summary>SASRec over the category sequence before the cut; the embedding is its hidden size.</summary>
    public SasRecOptions SasRec { get; init; } = new() { Epochs = 30, Hidden = 32, Dropout = 0.2 };
}
