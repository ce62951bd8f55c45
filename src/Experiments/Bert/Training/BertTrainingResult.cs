namespace MarketLab.Experiments.Bert.Training;

/// <summary>What a fine-tuning run did: epochs run, steps, per-epoch mean training loss and validation accuracy.</summary>
public sealed record BertTrainingResult(
    int EpochsCompleted,
    int OptimizerSteps,
    IReadOnlyList<double> EpochLosses,
    IReadOnlyList<double> ValidationAccuracies,
    int BestEpoch,
    bool StoppedEarly,
    double SamplesPerSecond);
