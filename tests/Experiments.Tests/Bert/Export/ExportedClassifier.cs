using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Tests.Bert.Support;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Bert.Export;

/// <summary>
/// A small randomly initialised classifier built by the test (every parameter drawn uniformly, LayerNorm and biases
/// included, so no tensor keeps an identity value that could hide a misplaced weight), plus helpers that run it with
/// TorchSharp and its ONNX export with ONNX Runtime 1.31.1 on the same padded batch.
/// </summary>
internal static class ExportedClassifier
{
    public static BertForSequenceClassification Random(int labels, long seed, ClassifierPooling pooling = ClassifierPooling.Cls)
    {
        manual_seed(seed);
        var model = new BertForSequenceClassification(TinyBert.Config with { NumAttentionHeads = 4, NumLabels = labels, Pooling = pooling });
        using (no_grad())
        {
            foreach ((string _, TorchSharp.Modules.Parameter p) in model.named_parameters()) p.uniform_(-0.5, 0.5);
        }

        model.eval();
        return model;
    }

    /// <summary>Real sentences of mixed lengths, padded to the longest (a second short batch checks the dynamic axes).</summary>
    public static BertBatch Batch(BertTextTokenizer tokenizer, params string[] texts) => tokenizer.Pad(tokenizer.EncodeAll(texts));

    public static float[] TorchLogits(BertForSequenceClassification model, BertBatch batch)
    {
        using var tensors = new BertBatchTensors(batch);
        using var _ = no_grad();
        using Tensor logits = model.forward(tensors.InputIds, tensors.TokenTypeIds, tensors.AttentionMask);
        return logits.data<float>().ToArray();
    }

    /// <summary>Runs the exported model; returns logits and probabilities, both [batch, labels] flattened.</summary>
    public static (float[] Logits, float[] Probabilities) OnnxRuntime(byte[] onnx, BertBatch batch)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        long[] shape = [batch.BatchSize, batch.SequenceLength];
        using OrtValue ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds.ToArray(), shape);
        using OrtValue mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask.ToArray(), shape);
        using OrtValue types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds.ToArray(), shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types };
        using var run = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(run, inputs, ["logits", "probabilities"]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    public static double MaxAbsDifference(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        Assert.Equal(a.Count, b.Count);
        return a.Zip(b).Max(p => Math.Abs((double)p.First - p.Second));
    }
}
