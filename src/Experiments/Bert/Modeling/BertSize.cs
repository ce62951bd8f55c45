namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>The compact BERT sizes of Turc et al. 2019 plus BERT-base: layers x hidden.</summary>
public enum BertSize
{
    /// <summary>2 x 128 (2 heads).</summary>
    Tiny,

    /// <summary>4 x 256 (4 heads).</summary>
    Mini,

    /// <summary>4 x 512 (8 heads).</summary>
    Small,

    /// <summary>8 x 512 (8 heads).</summary>
    Medium,

    /// <summary>12 x 768 (12 heads).</summary>
    Base,
}
