namespace MarketLab.Experiments.Data.Sequences;

/// <summary>
/// One event of a behaviour log: a user acting on an item, with the item's category, the kind of action (pv, cart,
/// fav, buy) and a timestamp where the log has them. <see cref="Line"/> is the 1-based line in the file, which orders
/// events whose timestamps are equal.
/// </summary>
public sealed record BehaviourEvent(string User, string Item, string? Category, string? Behaviour, long? Timestamp, int Line);
