namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>
/// A padded batch in row-major [BatchSize, SequenceLength] layout: pad id 0 beyond each row's length, attention mask
/// 1 on real tokens and 0 on padding. <see cref="Rows"/> maps batch positions back to input rows.
/// </summary>
public sealed record BertBatch(
    int BatchSize,
    int SequenceLength,
    long[] InputIds,
    long[] TokenTypeIds,
    long[] AttentionMask,
    IReadOnlyList<int> Rows);
