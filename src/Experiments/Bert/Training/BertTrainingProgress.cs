namespace MarketLab.Experiments.Bert.Training;

/// <summary>Reported after each optimizer step (<see cref="Validation"/> null) and after each epoch's validation.</summary>
public sealed record BertTrainingProgress(
    int Epoch,
    int Epochs,
    int Step,
    int TotalSteps,
    double Loss,
    double LearningRate,
    double SamplesPerSecond,
    ClassificationCounts? Validation = null);
