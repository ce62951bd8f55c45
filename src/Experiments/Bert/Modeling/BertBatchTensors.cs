using MarketLab.Experiments.Bert.Tokenization;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>A padded batch as int64 tensors [batch, seq] on a device; disposing frees all three.</summary>
public sealed class BertBatchTensors : IDisposable
{
    public BertBatchTensors(BertBatch batch, Device? device = null)
    {
        long[] shape = [batch.BatchSize, batch.SequenceLength];
        device ??= CPU;
        InputIds = tensor(batch.InputIds, shape, device: device);
        TokenTypeIds = tensor(batch.TokenTypeIds, shape, device: device);
        AttentionMask = tensor(batch.AttentionMask, shape, device: device);
    }

    public Tensor InputIds { get; }

    public Tensor TokenTypeIds { get; }

    public Tensor AttentionMask { get; }

    public void Dispose()
    {
        InputIds.Dispose();
        TokenTypeIds.Dispose();
        AttentionMask.Dispose();
    }
}
