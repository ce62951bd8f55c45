using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>
/// A Hugging Face style BERT folder: config.json, vocab.txt and model.safetensors (BertForSequenceClassification keys).
/// </summary>
public sealed record BertCheckpoint(string Directory, BertConfig Config, string VocabPath, string WeightsPath)
{
    public const string ConfigFile = "config.json";
    public const string VocabFile = "vocab.txt";
    public const string WeightsFile = "model.safetensors";

    // Written by transformers < 4.31 as a persistent buffer; positions are computed on the fly here.
    private static readonly string[] LegacyKeys = ["bert.embeddings.position_ids"];

    /// <summary>Checks that the three files exist (naming every missing one) and reads the config.</summary>
    public static BertCheckpoint Open(string directory)
    {
        string[] names = [ConfigFile, VocabFile, WeightsFile];
        string[] missing = names.Select(n => Path.Combine(directory, n)).Where(p => !File.Exists(p)).ToArray();
        if (missing.Length > 0)
        {
            throw new FileNotFoundException($"BERT checkpoint {directory} is incomplete; missing: {string.Join(", ", missing)}.", missing[0]);
        }

        return new BertCheckpoint(directory, BertConfig.FromJson(Path.Combine(directory, ConfigFile)),
            Path.Combine(directory, VocabFile), Path.Combine(directory, WeightsFile));
    }

    /// <summary>A classifier with the checkpoint's weights (strict names and shapes), in eval mode, on <paramref name="device"/>.</summary>
    public BertForSequenceClassification LoadClassifier(Device? device = null)
    {
        var model = new BertForSequenceClassification(Config);
        Dictionary<string, Tensor> state = SafetensorsTorch.LoadStateDict(WeightsPath);
        try
        {
            foreach (string key in LegacyKeys)
            {
                if (state.Remove(key, out Tensor? legacy)) legacy.Dispose();
            }

            StateDictLoader.LoadStrict(model, state, WeightsPath);
        }
        finally
        {
            foreach (Tensor t in state.Values) t.Dispose();
        }

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
