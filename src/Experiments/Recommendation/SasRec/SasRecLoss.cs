namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>The training objective of SASRec.</summary>
public enum SasRecLoss
{
    /// <summary>
    /// Binary cross-entropy of the next item against one negative drawn uniformly from the items the user never had,
    /// at every position (Kang &amp; McAuley, ICDM 2018, eq. 6): the paper's loss.
    /// </summary>
    Bce,

    /// <summary>
    /// Cross-entropy of the next item under a softmax over every item of the vocabulary (padding left out), at every
    /// position: "SASRec+" of Klenitskiy &amp; Vasilev, "Turning Dross Into Gold Loss: is BERT4Rec really better than
    /// SASRec?" (RecSys 2023, §3), who show it lifts SASRec above BERT4Rec. Costs a [positions × items] product per batch.
    /// </summary>
    Ce,
}
