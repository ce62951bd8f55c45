using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;

namespace MarketLab.Experiments.Tests.Bert.Support;

/// <summary>A very small BERT over the 85-word fixture vocabulary, and labelled sentences it can learn in a few steps.</summary>
internal static class TinyBert
{
    public static string VocabPath { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bert", "tiny-random", "vocab.txt");

    public static BertConfig Config { get; } = new(VocabSize: 85, HiddenSize: 32, NumHiddenLayers: 2, NumAttentionHeads: 2, IntermediateSize: 64, MaxPositionEmbeddings: 64, NumLabels: 2);

    public static BertTextTokenizer Tokenizer() => BertTextTokenizer.FromVocab(VocabPath, 32);

    private static readonly string[] Positive =
    [
        "great product", "fast shipping and great quality", "love this item", "best deal", "good price and fast delivery",
        "happy customer would buy again", "five stars", "really good service", "i love the free gift", "best store online",
    ];

    private static readonly string[] Negative =
    [
        "terrible quality", "slow delivery", "hate this product", "worst deal", "bad service never again",
        "one star", "too expensive", "sad customer would return it", "very bad item", "the order was slow",
    ];

    /// <summary>The first <paramref name="perClass"/> positive and negative sentences, interleaved (labels "pos"/"neg").</summary>
    public static IReadOnlyList<LabeledText> Sentiment(int perClass = 8) =>
        Enumerable.Range(0, perClass).SelectMany(i => new[] { new LabeledText(Positive[i], "pos"), new LabeledText(Negative[i], "neg") }).ToArray();
}
