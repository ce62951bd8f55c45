using Microsoft.ML;

namespace MarketLab.Experiments.Models.MLNet;

/// <summary><c>mlContext.Transforms.Text.SentenceEmbedding(...)</c>: a frozen pretrained encoder as a featurizer.</summary>
public static class SentenceEmbeddingCatalog
{
    /// <summary>
    /// Appends <paramref name="outputColumnName"/>: the sentence embedding of <paramref name="inputColumnName"/> by
    /// <paramref name="model"/> (a catalogued name such as all-minilm-l6-v2, or a model folder), mean-pooled by default.
    /// </summary>
    public static SentenceEmbeddingEstimator SentenceEmbedding(this TransformsCatalog.TextTransforms catalog,
        string outputColumnName, string inputColumnName, string model = "all-minilm-l6-v2",
        EmbeddingPooling pooling = EmbeddingPooling.Mean, bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SentenceEmbeddingEstimator(new SentenceEmbeddingOptions
        {
            Model = model, InputColumnName = inputColumnName, OutputColumnName = outputColumnName, Pooling = pooling, Normalize = normalize,
        });
    }

    /// <summary>The same with every setting in <paramref name="options"/>.</summary>
    public static SentenceEmbeddingEstimator SentenceEmbedding(this TransformsCatalog.TextTransforms catalog, SentenceEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new SentenceEmbeddingEstimator(options);
    }
}
