namespace MarketLab.Experiments.Data.Sequences;

/// <summary>Which items get their own id (and are candidates for recommendation) under a split.</summary>
public enum ItemCatalog
{
    /// <summary>Items seen in training at least the minimum count; the others share the rare id, and a held-out
    /// item outside the vocabulary is a miss for every model (the default for an arbitrary log).</summary>
    TrainingItems,

    /// <summary>Every item in the log, as Kang &amp; McAuley's code does (item ids 1..max over the whole file): an
    /// item that occurs only as a held-out item is a candidate whose embedding training never updated. Needs a
    /// minimum count of 1. Only the items' existence is used, not their held-out interactions.</summary>
    AllItems,
}
