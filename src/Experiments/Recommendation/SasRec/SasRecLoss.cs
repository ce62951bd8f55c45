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

    /// <summary>
    /// Cross-entropy of the next item under a softmax over itself and <see cref="SasRecOptions.TrainingNegatives"/>
    /// items drawn uniformly at random, shared by every position of a batch (a negative equal to a position's target is
    /// masked out at that position): the sampled form of <see cref="Ce"/> that Klenitskiy &amp; Vasilev (RecSys 2023, §3.2)
    /// propose for large catalogues. Its cost is that of BCE; its negatives are distributed as the sampled evaluation
    /// protocol's (uniform), so it trains for that protocol more directly than the full softmax.
    /// </summary>
    SampledCe,
}

/// <summary>The names of <see cref="SasRecLoss"/> on the command line and in specs.</summary>
public static class SasRecLossNames
{
    /// <summary>The accepted names, in documentation order.</summary>
    public const string All = "bce, ce, sampled-ce";

    /// <summary>Parses <paramref name="value"/>; the error names <paramref name="option"/>.</summary>
    public static SasRecLoss Parse(string value, string option) => value.Trim().ToLowerInvariant() switch
    {
        "bce" => SasRecLoss.Bce,
        "ce" => SasRecLoss.Ce,
        "sampled-ce" => SasRecLoss.SampledCe,
        _ => throw new ArgumentException($"{option}: '{value}' is not one of {All}."),
    };

    /// <summary>The command-line name of <paramref name="loss"/>.</summary>
    public static string Name(SasRecLoss loss) => loss switch
    {
        SasRecLoss.Bce => "bce",
        SasRecLoss.Ce => "ce",
        SasRecLoss.SampledCe => "sampled-ce",
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, null),
    };
}
