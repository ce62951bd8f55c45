namespace MarketLab.Experiments.AutoML;

/// <summary>How a trial ended.</summary>
public enum TrialStatus
{
    /// <summary>Trained and evaluated; the metric is meaningful.</summary>
    Succeeded,

    /// <summary>Training or evaluation failed (exception, timeout, out of memory); the tuner treats it as a bad result.</summary>
    Failed,
}
