namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>
/// Masked-LM inputs for one padded batch: the corrupted ids and, per position, the original id to predict or
/// <see cref="Ignore"/> (-100, PyTorch's cross-entropy ignore_index) where nothing was selected.
/// </summary>
public sealed record MaskedBatch(long[] InputIds, long[] Labels)
{
    public const long Ignore = -100;
}
