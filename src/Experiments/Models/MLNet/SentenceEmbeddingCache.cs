using System.Collections.Concurrent;

namespace MarketLab.Experiments.Models.MLNet;

/// <summary>
/// One frozen encoder per (folder, max length) and the embeddings it has computed, per pooling and normalisation,
/// shared by every transform in the process: AutoML fits the featurizer once per fold and trial, and the frozen
/// encoder gives the same vector for the same text every time, so each distinct text is embedded once. The encoder runs
/// in ONNX Runtime (<see cref="OnnxSentenceEncoder"/>, about three times TorchSharp's speed on the CPU).
/// </summary>
internal sealed class SentenceEmbeddingCache
{
    private static readonly ConcurrentDictionary<(string Folder, int MaxLength), SentenceEmbeddingCache> Shared = new();

    private readonly OnnxSentenceEncoder encoder;
    private readonly Dictionary<(EmbeddingPooling, bool, string), float[]> vectors = [];
    private readonly object gate = new();

    private SentenceEmbeddingCache(OnnxSentenceEncoder encoder) => this.encoder = encoder;

    public int HiddenSize => encoder.HiddenSize;

    public static SentenceEmbeddingCache For(string folder, int maxLength) =>
        Shared.GetOrAdd((Path.GetFullPath(folder), maxLength), key => new SentenceEmbeddingCache(OnnxSentenceEncoder.Load(key.Folder, key.MaxLength)));

    /// <summary>The embedding of each text, in order; texts not seen before are embedded in batches.</summary>
    public float[][] Embed(IReadOnlyList<string> texts, EmbeddingPooling pooling, bool normalize, int batchSize, IProgress<int>? progress = null)
    {
        lock (gate)
        {
            string[] missing = texts.Where(t => !vectors.ContainsKey((pooling, normalize, t))).Distinct(StringComparer.Ordinal).ToArray();
            if (missing.Length > 0)
            {
                float[][] made = encoder.Embed(missing, batchSize, pooling, normalize, progress);
                for (int i = 0; i < missing.Length; i++) vectors[(pooling, normalize, missing[i])] = made[i];
            }

            return texts.Select(t => vectors[(pooling, normalize, t)]).ToArray();
        }
    }
}
