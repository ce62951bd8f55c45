using Google.Protobuf;
using MarketLab.Experiments.Bert.Export;
using MarketLab.Experiments.Bert.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace MarketLab.Experiments.Models;

/// <summary>
/// A pretrained encoder run by ONNX Runtime on the CPU: the folder is loaded and checked as <see cref="PretrainedEncoder"/>
/// loads it, the encoder is exported in memory (<see cref="BertOnnxExporter.BuildEncoder"/>) and the TorchSharp copy is
/// released. Its embeddings equal <see cref="PretrainedEncoder.Embed"/>'s to float rounding, about three times as fast
/// on the CPU (docs/benchmarks.md, "MiniLM inference"); sentence embeddings for AutoML go through it.
/// </summary>
public sealed class OnnxSentenceEncoder : ISentenceEncoder
{
    private readonly InferenceSession session;

    private OnnxSentenceEncoder(InferenceSession session, BertTextTokenizer tokenizer, int hiddenSize, IReadOnlyList<string> ignored)
    {
        this.session = session;
        Tokenizer = tokenizer;
        HiddenSize = hiddenSize;
        IgnoredTensors = ignored;
    }

    /// <summary>Tensors of the weights file left out on purpose (as <see cref="PretrainedEncoder.IgnoredTensors"/>).</summary>
    public IReadOnlyList<string> IgnoredTensors { get; }

    public BertTextTokenizer Tokenizer { get; }

    public int HiddenSize { get; }

    /// <summary>Loads <paramref name="directory"/> (see <see cref="PretrainedEncoder.Load"/>); <paramref name="threads"/> intra-op threads (0: ONNX Runtime's choice, one per core).</summary>
    public static OnnxSentenceEncoder Load(string directory, int maxLength = 256, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        byte[] onnx;
        BertTextTokenizer tokenizer;
        int hidden;
        IReadOnlyList<string> ignored;
        using (PretrainedEncoder torch = PretrainedEncoder.Load(directory, maxLength))
        {
            onnx = BertOnnxExporter.BuildEncoder(torch.Model, torch.Checkpoint.Config).ToByteArray();
            tokenizer = torch.Tokenizer;
            hidden = torch.HiddenSize;
            ignored = torch.IgnoredTensors;
        }

        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        return new OnnxSentenceEncoder(new InferenceSession(onnx, options), tokenizer, hidden, ignored);
    }

    /// <summary>
    /// One embedding per text, in input order, as <see cref="PretrainedEncoder.Embed"/> computes it: texts batched by token
    /// length, mean-pooled or the [CLS] vector, optionally scaled to unit L2 norm; <paramref name="progress"/> receives the
    /// number of texts done after each batch.
    /// </summary>
    public float[][] Embed(
        IReadOnlyList<string> texts,
        int batchSize = 32,
        EmbeddingPooling pooling = EmbeddingPooling.Mean,
        bool normalize = false,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        string output = pooling == EmbeddingPooling.Cls ? "cls" : "mean_pooled";
        using var runOptions = new RunOptions();
        return SentenceBatches.Embed(Tokenizer, texts, batchSize, HiddenSize, batch =>
        {
            long[] shape = [batch.BatchSize, batch.SequenceLength];
            using OrtValue ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
            using OrtValue mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
            using OrtValue types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, shape);
            var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types };
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, inputs, [output]);
            float[] flat = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            if (normalize)
                for (int i = 0; i < batch.BatchSize; i++) Normalize(flat.AsSpan(i * HiddenSize, HiddenSize));
            return flat;
        }, progress, cancellationToken);
    }

    // x / max(||x||_2, 1e-12), torch.nn.functional.normalize's clamp.
    private static void Normalize(Span<float> vector)
    {
        double sum = 0;
        foreach (float v in vector) sum += (double)v * v;
        float scale = (float)(1 / Math.Max(Math.Sqrt(sum), 1e-12));
        for (int i = 0; i < vector.Length; i++) vector[i] *= scale;
    }

    public void Dispose() => session.Dispose();
}
