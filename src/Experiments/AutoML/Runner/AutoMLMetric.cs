namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>The metric a trial is judged by; its direction is <see cref="AutoMLMetrics.Goal"/>.</summary>
public enum AutoMLMetric
{
    /// <summary>Binary: area under the ROC curve (maximize).</summary>
    Auc,

    /// <summary>Binary: area under the precision-recall curve (maximize).</summary>
    AucPr,

    /// <summary>Binary: accuracy at threshold 0.5 (maximize).</summary>
    Accuracy,

    /// <summary>Binary: F1 of the positive class (maximize).</summary>
    F1,

    /// <summary>Binary or multiclass: log loss (minimize).</summary>
    LogLoss,

    /// <summary>Multiclass: unweighted mean of per-class F1 (maximize).</summary>
    MacroF1,

    /// <summary>Multiclass: fraction of rows right (maximize).</summary>
    MicroAccuracy,

    /// <summary>Multiclass: mean per-class recall (maximize).</summary>
    MacroAccuracy,

    /// <summary>Regression: root mean squared error (minimize).</summary>
    Rmse,

    /// <summary>Regression: mean absolute error (minimize).</summary>
    Mae,

    /// <summary>Regression: coefficient of determination (maximize).</summary>
    RSquared,
}
