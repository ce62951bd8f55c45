using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>
/// A Hugging Face style BERT folder: config.json, a vocabulary (vocab.txt, else tokenizer.json's) and weights: ours are
/// model.safetensors (BertForSequenceClassification or BertModel keys); a folder from the Hugging Face hub may instead
/// hold a sharded model.safetensors.index.json or a PyTorch pytorch_model.bin (<see cref="HuggingFaceWeights"/>), with
/// any of the key variants <see cref="StateDictLoader.CanonicalKey"/> maps.
/// </summary>
public sealed record BertCheckpoint(string Directory, BertConfig Config, string VocabPath, string WeightsPath)
{
    public const string ConfigFile = "config.json";
    public const string VocabFile = "vocab.txt";
    public const string TokenizerFile = "tokenizer.json";
    public const string WeightsFile = HuggingFaceWeights.Safetensors;

    /// <summary>Checks that config, vocabulary and weights exist (naming every missing one) and reads the config.</summary>
    public static BertCheckpoint Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"BERT checkpoint folder not found: {Path.GetFullPath(directory)}.");
        string config = Path.Combine(directory, ConfigFile);
        string? vocab = new[] { VocabFile, TokenizerFile }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);
        string? weights = HuggingFaceWeights.Find(directory);
        var missing = new List<string>();
        if (!File.Exists(config)) missing.Add(config);
        if (vocab is null) missing.Add($"{Path.Combine(directory, VocabFile)} (or {TokenizerFile})");
        if (weights is null) missing.Add($"{Path.Combine(directory, WeightsFile)} (or {string.Join(", ", HuggingFaceWeights.FileNames.Skip(1))})");
        if (missing.Count > 0)
        {
            throw new FileNotFoundException($"BERT checkpoint {directory} is incomplete; missing: {string.Join(", ", missing)}.", missing[0]);
        }

        return new BertCheckpoint(directory, BertConfig.FromJson(config), vocab!, weights!);
    }

    /// <summary>
    /// A classifier with the checkpoint's weights (every tensor required, names and shapes strict; Hugging Face key
    /// variants and the legacy position_ids buffer accepted), in eval mode, on <paramref name="device"/>.
    /// </summary>
    public BertForSequenceClassification LoadClassifier(Device? device = null)
    {
        var model = new BertForSequenceClassification(Config);
        // position_ids: written by transformers < 4.31 as a persistent buffer; positions are computed on the fly here.
        StateDictLoader.LoadPartial(model, WeightsPath, take: _ => true, required: _ => true,
            ignorable: name => name == "bert.embeddings.position_ids");
        model.eval();
        return device is null ? model : model.to(device);
    }

    /// <summary>
    /// The checkpoint's WordPiece tokenizer (vocab.txt with the settings of its tokenizer_config.json or tokenizer.json;
    /// uncased when it has neither), capped at the model's position count.
    /// </summary>
    public BertTextTokenizer LoadTokenizer(int maxLength = 128) =>
        BertTextTokenizer.FromFolder(Directory, Math.Min(maxLength, Config.MaxPositionEmbeddings));
}
