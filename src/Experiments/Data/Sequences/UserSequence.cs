namespace MarketLab.Experiments.Data.Sequences;

/// <summary>One user's events in time order.</summary>
public sealed record UserSequence(string User, IReadOnlyList<BehaviourEvent> Events);
