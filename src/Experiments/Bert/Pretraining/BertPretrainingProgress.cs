namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>Reported after each pre-training step: loss of that step and a running mean, rate and throughput.</summary>
public sealed record BertPretrainingProgress(int Step, int Steps, double Loss, double MeanLoss, double LearningRate, double SamplesPerSecond);
