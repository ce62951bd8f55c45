using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Spaces;

/// <summary>The ML.NET trainers AutoML searches over; names follow the ML.NET catalog methods.</summary>
public enum TrainerName
{
    /// <summary>SDCA logistic regression (binary).</summary>
    SdcaLogisticRegression,

    /// <summary>L-BFGS logistic regression (binary).</summary>
    LbfgsLogisticRegression,

    /// <summary>Gradient-boosted trees (binary, regression).</summary>
    FastTree,

    /// <summary>Random forest (binary, regression).</summary>
    FastForest,

    /// <summary>LightGBM (binary, multiclass, regression).</summary>
    LightGbm,

    /// <summary>SDCA maximum entropy (multiclass).</summary>
    SdcaMaximumEntropy,

    /// <summary>L-BFGS maximum entropy (multiclass).</summary>
    LbfgsMaximumEntropy,

    /// <summary>FastTree binary trees combined one-versus-all (multiclass).</summary>
    FastTreeOva,

    /// <summary>SDCA least squares (regression).</summary>
    Sdca,

    /// <summary>L-BFGS Poisson regression (regression).</summary>
    LbfgsPoisson,
}
