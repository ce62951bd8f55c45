using System.Text.Json.Nodes;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>
/// BERT sizes, with Hugging Face config.json names in the comments. Presets follow Turc et al. 2019
/// ("Well-Read Students Learn Better", arXiv 1908.08962): heads = hidden / 64, intermediate = 4 x hidden.
/// </summary>
public sealed record BertConfig(
    int VocabSize = 30522,              // vocab_size
    int HiddenSize = 768,               // hidden_size
    int NumHiddenLayers = 12,           // num_hidden_layers
    int NumAttentionHeads = 12,         // num_attention_heads
    int IntermediateSize = 3072,        // intermediate_size
    int MaxPositionEmbeddings = 512,    // max_position_embeddings
    int TypeVocabSize = 2,              // type_vocab_size
    double LayerNormEps = 1e-12,        // layer_norm_eps
    double HiddenDropoutProb = 0.1,     // hidden_dropout_prob
    double AttentionProbsDropoutProb = 0.1, // attention_probs_dropout_prob
    int NumLabels = 2,                  // num_labels (or the size of id2label)
    ClassifierPooling Pooling = ClassifierPooling.Cls) // classifier_pooling (ours: "cls" or "mean"; absent in Hugging Face files)
{
    public static BertConfig Tiny { get; } = Preset(layers: 2, hidden: 128);

    public static BertConfig Mini { get; } = Preset(layers: 4, hidden: 256);

    public static BertConfig Small { get; } = Preset(layers: 4, hidden: 512);

    public static BertConfig Medium { get; } = Preset(layers: 8, hidden: 512);

    public static BertConfig Base { get; } = Preset(layers: 12, hidden: 768);

    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>The preset for a size.</summary>
    public static BertConfig For(BertSize size) => size switch
    {
        BertSize.Tiny => Tiny,
        BertSize.Mini => Mini,
        BertSize.Small => Small,
        BertSize.Medium => Medium,
        BertSize.Base => Base,
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, $"Size must be one of {string.Join(", ", Enum.GetNames<BertSize>())}."),
    };

    /// <summary>Throws naming the first inconsistent value.</summary>
    public BertConfig Validate()
    {
        void Positive(int value, string name)
        {
            if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1; got {value}.");
        }

        Positive(VocabSize, nameof(VocabSize));
        Positive(HiddenSize, nameof(HiddenSize));
        Positive(NumHiddenLayers, nameof(NumHiddenLayers));
        Positive(NumAttentionHeads, nameof(NumAttentionHeads));
        Positive(IntermediateSize, nameof(IntermediateSize));
        Positive(MaxPositionEmbeddings, nameof(MaxPositionEmbeddings));
        Positive(TypeVocabSize, nameof(TypeVocabSize));
        Positive(NumLabels, nameof(NumLabels));
        if (!Enum.IsDefined(Pooling)) throw new ArgumentOutOfRangeException(nameof(Pooling), Pooling, $"Pooling must be one of {string.Join(", ", Enum.GetNames<ClassifierPooling>())}.");
        if (HiddenSize % NumAttentionHeads != 0)
        {
            throw new ArgumentException($"HiddenSize {HiddenSize} must be divisible by NumAttentionHeads {NumAttentionHeads}.");
        }

        foreach ((double p, string name) in new[] { (HiddenDropoutProb, nameof(HiddenDropoutProb)), (AttentionProbsDropoutProb, nameof(AttentionProbsDropoutProb)) })
        {
            if (p is < 0 or >= 1) throw new ArgumentOutOfRangeException(name, p, $"{name} must be in [0, 1); got {p}.");
        }

        return this;
    }

    /// <summary>Reads a Hugging Face config.json (missing keys keep their defaults; hidden_act must be "gelu").</summary>
    public static BertConfig FromJson(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"BERT config not found: expected {path}.", path);
        JsonObject json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: config.json is not a JSON object.");
        string act = json["hidden_act"]?.GetValue<string>() ?? "gelu";
        if (act != "gelu") throw new NotSupportedException($"{path}: hidden_act '{act}' is not supported; only \"gelu\" (exact, erf-based).");
        string position = json["position_embedding_type"]?.GetValue<string>() ?? "absolute";
        if (position != "absolute") throw new NotSupportedException($"{path}: position_embedding_type '{position}' is not supported; only \"absolute\".");

        var d = new BertConfig();
        string poolingText = json["classifier_pooling"]?.GetValue<string>() ?? "cls";
        ClassifierPooling pooling = poolingText switch
        {
            "cls" => ClassifierPooling.Cls,
            "mean" => ClassifierPooling.Mean,
            _ => throw new NotSupportedException($"{path}: classifier_pooling '{poolingText}' is not supported; use \"cls\" or \"mean\"."),
        };
        int labels = json["num_labels"]?.GetValue<int>() ?? (json["id2label"] as JsonObject)?.Count ?? d.NumLabels;
        return new BertConfig(
            Int(json, "vocab_size", d.VocabSize),
            Int(json, "hidden_size", d.HiddenSize),
            Int(json, "num_hidden_layers", d.NumHiddenLayers),
            Int(json, "num_attention_heads", d.NumAttentionHeads),
            Int(json, "intermediate_size", d.IntermediateSize),
            Int(json, "max_position_embeddings", d.MaxPositionEmbeddings),
            Int(json, "type_vocab_size", d.TypeVocabSize),
            json["layer_norm_eps"]?.GetValue<double>() ?? d.LayerNormEps,
            json["hidden_dropout_prob"]?.GetValue<double>() ?? d.HiddenDropoutProb,
            json["attention_probs_dropout_prob"]?.GetValue<double>() ?? d.AttentionProbsDropoutProb,
            labels,
            pooling).Validate();
    }

    private static int Int(JsonObject json, string key, int fallback) => json[key]?.GetValue<int>() ?? fallback;

    private static BertConfig Preset(int layers, int hidden) =>
        new(NumHiddenLayers: layers, HiddenSize: hidden, NumAttentionHeads: hidden / 64, IntermediateSize: 4 * hidden);
}
