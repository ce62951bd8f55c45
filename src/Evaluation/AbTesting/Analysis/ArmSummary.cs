namespace MarketLab.Evaluation.AbTesting;

/// <summary>An arm's name, unit count and planned share of traffic.</summary>
public sealed record ArmSummary(string Name, long Units, double PlannedShare);
