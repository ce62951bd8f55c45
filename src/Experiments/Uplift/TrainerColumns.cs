namespace MarketLab.Experiments.Uplift;

/// <summary>Column names a base learner trains on.</summary>
/// <param name="Label">Label column (Boolean for classifiers, Single for regressors).</param>
/// <param name="Features">Feature vector column.</param>
/// <param name="Weight">Optional example-weight column.</param>
public readonly record struct TrainerColumns(string Label, string Features, string? Weight = null);
