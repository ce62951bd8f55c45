namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>
/// Side information SASRec adds to each input event's item embedding (opt-in; <see cref="None"/> is the paper's model):
/// a learned embedding of the event's category and/or of its behaviour type (pv, cart, fav, buy), summed with the item
/// embedding before the positional embedding. This is the "feature-level" input of FDSA (Zhang et al., IJCAI 2019) and
/// of SASRec's attribute variants (e.g. S3-Rec's item + attribute input, Zhou et al., CIKM 2020) in its simplest form:
/// one summed vector per event, the output side still scoring item embeddings only.
/// </summary>
[Flags]
public enum SasRecSide
{
    /// <summary>Item ids only (Kang &amp; McAuley 2018).</summary>
    None = 0,

    /// <summary>Adds an embedding of the event's category (Taobao logs).</summary>
    Category = 1,

    /// <summary>Adds an embedding of the event's behaviour type (Taobao logs).</summary>
    Behaviour = 2,
}
