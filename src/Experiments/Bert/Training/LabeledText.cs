namespace MarketLab.Experiments.Bert.Training;

/// <summary>One training or evaluation example: a text (optionally a second segment) and its label.</summary>
public sealed record LabeledText(string Text, string Label, string? Pair = null);
