using MarketLab.Experiments.Bert.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace MarketLab.Experiments.Tests.Models.Support;

/// <summary>ONNX Runtime running an original model.onnx: the reference our imported encoder is compared with.</summary>
internal sealed class OnnxReference : IDisposable
{
    private readonly InferenceSession session;

    public OnnxReference(byte[] onnx, int threads = 2)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        session = new InferenceSession(onnx, options);
    }

    /// <summary>last_hidden_state [batch, seq, hidden], flattened row-major.</summary>
    public float[] LastHiddenState(BertBatch batch)
    {
        long[] shape = [batch.BatchSize, batch.SequenceLength];
        using OrtValue ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds.ToArray(), shape);
        using OrtValue mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask.ToArray(), shape);
        using OrtValue types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds.ToArray(), shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types };
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, inputs, ["last_hidden_state"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Attention-mask-weighted mean of last_hidden_state per row [batch][hidden] (sentence-transformers' mean pooling).</summary>
    public float[][] MeanPooled(BertBatch batch, int hidden)
    {
        float[] states = LastHiddenState(batch);
        var pooled = new float[batch.BatchSize][];
        for (int b = 0; b < batch.BatchSize; b++)
        {
            var sum = new double[hidden];
            int count = 0;
            for (int s = 0; s < batch.SequenceLength; s++)
            {
                if (batch.AttentionMask[(b * batch.SequenceLength) + s] == 0) continue;
                count++;
                for (int h = 0; h < hidden; h++) sum[h] += states[(((b * batch.SequenceLength) + s) * hidden) + h];
            }

            pooled[b] = sum.Select(v => (float)(v / Math.Max(count, 1))).ToArray();
        }

        return pooled;
    }

    public void Dispose() => session.Dispose();
}
