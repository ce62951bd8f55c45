namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>One encoded input: "[CLS] a [SEP]" or "[CLS] a [SEP] b [SEP]" ids, their segment (token type) ids, and its row.</summary>
public sealed record TokenizedText(int Row, IReadOnlyList<int> InputIds, IReadOnlyList<int> TokenTypeIds)
{
    public int Length => InputIds.Count;
}
