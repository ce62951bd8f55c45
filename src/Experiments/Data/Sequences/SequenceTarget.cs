namespace MarketLab.Experiments.Data.Sequences;

/// <summary>What a sequence's tokens are: the item, or (Taobao) the item's category or the behaviour type.</summary>
public enum SequenceTarget
{
    /// <summary>Next item (recommendation).</summary>
    Item,

    /// <summary>Next category: each event's item is replaced by its category id.</summary>
    Category,

    /// <summary>Next behaviour type (pv, cart, fav, buy): each event's item is replaced by its behaviour.</summary>
    Behaviour,
}
