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
public sealed class OnnxSentenceEncoder : IDisposable
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
        ArgumentNullException.ThrowIfNull(texts);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be at least 1; got {batchSize}.");
        IReadOnlyList<TokenizedText> encoded = Tokenizer.EncodeAll(texts);
        int[] order = Enumerable.Range(0, encoded.Count).OrderBy(i => encoded[i].Length).ToArray();
        var result = new float[texts.Count][];
        string output = pooling == EmbeddingPooling.Cls ? "cls" : "mean_pooled";
        using var runOptions = new RunOptions();
        for (int start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] rows = order.Skip(start).Take(batchSize).ToArray();
            BertBatch batch = Tokenizer.Pad(rows.Select(r => encoded[r]).ToArray());
            long[] shape = [batch.BatchSize, batch.SequenceLength];
            using OrtValue ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
            using OrtValue mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
            using OrtValue types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, shape);
            var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types };
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, inputs, [output]);
            ReadOnlySpan<float> flat = outputs[0].GetTensorDataAsSpan<float>();
            for (int i = 0; i < rows.Length; i++)
            {
                float[] vector = flat.Slice(i * HiddenSize, HiddenSize).ToArray();
                if (normalize) Normalize(vector);
                result[rows[i]] = vector;
            }

            progress?.Report(Math.Min(start + batchSize, order.Length));
        }

        return result;
    }

    // x / max(||x||_2, 1e-12), torch.nn.functional.normalize's clamp.
    private static void Normalize(float[] vector)
    {
        double norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        float scale = (float)(1 / Math.Max(norm, 1e-12));
        for (int i = 0; i < vector.Length; i++) vector[i] *= scale;
    }

    public void Dispose() => session.Dispose();
}
