using MarketLab.Experiments.Bert.Tokenization;

namespace MarketLab.Experiments.Models;

/// <summary>A pretrained encoder that turns texts into sentence embeddings: TorchSharp (<see cref="PretrainedEncoder"/>) or ONNX Runtime (<see cref="OnnxSentenceEncoder"/>).</summary>
public interface ISentenceEncoder : IDisposable
{
    /// <summary>The length of each embedding.</summary>
    int HiddenSize { get; }

    /// <summary>Tensors of the weights file left out on purpose (pre-training or task heads, the position_ids buffer), by their names in the file.</summary>
    IReadOnlyList<string> IgnoredTensors { get; }

    /// <summary>
    /// One embedding per text, in input order, pooled by <paramref name="pooling"/> and, when <paramref name="normalize"/>,
    /// scaled to unit L2 norm; texts are batched by token length; <paramref name="progress"/> receives the number of
    /// texts done after each batch.
    /// </summary>
    float[][] Embed(IReadOnlyList<string> texts, int batchSize = 32, EmbeddingPooling pooling = EmbeddingPooling.Mean, bool normalize = false,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>The batching both encoders share: tokenize, sort by token length (short texts together, less padding), pad each batch, pool it, put the rows back in input order.</summary>
internal static class SentenceBatches
{
    // pool: the batch's pooled (and, if asked, normalised) vectors, row-major [batch, hiddenSize].
    public static float[][] Embed(BertTextTokenizer tokenizer, IReadOnlyList<string> texts, int batchSize, int hiddenSize,
        Func<BertBatch, float[]> pool, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be at least 1; got {batchSize}.");
        IReadOnlyList<TokenizedText> encoded = tokenizer.EncodeAll(texts);
        int[] order = Enumerable.Range(0, encoded.Count).OrderBy(i => encoded[i].Length).ToArray();
        var result = new float[texts.Count][];
        for (int start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] rows = order.Skip(start).Take(batchSize).ToArray();
            float[] flat = pool(tokenizer.Pad(rows.Select(r => encoded[r]).ToArray()));
            for (int i = 0; i < rows.Length; i++) result[rows[i]] = flat.AsSpan(i * hiddenSize, hiddenSize).ToArray();
            progress?.Report(Math.Min(start + batchSize, order.Length));
        }

        return result;
    }
}
