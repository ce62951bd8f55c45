using System.Globalization;
using System.Text.Json;
using MarketLab.Experiments.Bert.Tokenization;
using Onnx;

namespace MarketLab.Experiments.Bert.Export;

/// <summary>
/// What an exported classifier carries in its ONNX metadata_props besides the graph: the label of each logit, and the
/// tokenizer (vocab.txt lines, tokenizer_config.json text, maximum length), so text can be scored from the .onnx file alone.
/// </summary>
public sealed record OnnxClassifierMetadata(IReadOnlyList<string> Labels, string Vocabulary, string TokenizerConfig, int MaxLength)
{
    public const string LabelsKey = "marketlab.labels";
    public const string VocabKey = "marketlab.vocab";
    public const string TokenizerConfigKey = "marketlab.tokenizer_config";
    public const string MaxLengthKey = "marketlab.max_length";

    public static OnnxClassifierMetadata From(IReadOnlyList<string> labels, BertTextTokenizer tokenizer) =>
        new(labels.ToArray(), string.Join('\n', tokenizer.Vocabulary) + "\n", tokenizer.Settings.ToJson(), tokenizer.MaxLength);

    public IEnumerable<KeyValuePair<string, string>> ToProperties() =>
    [
        new(LabelsKey, JsonSerializer.Serialize(Labels)),
        new(VocabKey, Vocabulary),
        new(TokenizerConfigKey, TokenizerConfig),
        new(MaxLengthKey, MaxLength.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>Reads the metadata of an exported classifier; <paramref name="source"/> names the file in errors.</summary>
    public static OnnxClassifierMetadata Read(ModelProto model, string source)
    {
        var props = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        string Get(string key) => props.TryGetValue(key, out string? value) ? value
            : throw new InvalidDataException($"{source}: metadata_props has no '{key}'; export the model with `marketlab bert export` (or BertOnnxExporter).");

        string[] labels = JsonSerializer.Deserialize<string[]>(Get(LabelsKey))
            ?? throw new InvalidDataException($"{source}: '{LabelsKey}' is not a JSON array of strings.");
        if (!int.TryParse(Get(MaxLengthKey), NumberStyles.None, CultureInfo.InvariantCulture, out int maxLength))
        {
            throw new InvalidDataException($"{source}: '{MaxLengthKey}' = '{props[MaxLengthKey]}' is not a whole number.");
        }

        return new OnnxClassifierMetadata(labels, Get(VocabKey), Get(TokenizerConfigKey), maxLength);
    }

    /// <summary>Reads the metadata from an .onnx file (only the model header and metadata are used).</summary>
    public static OnnxClassifierMetadata Read(string onnxPath)
    {
        if (!File.Exists(onnxPath)) throw new FileNotFoundException($"ONNX model not found: {Path.GetFullPath(onnxPath)}.", onnxPath);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxPath));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{onnxPath}: not an ONNX model ({e.Message}).", e);
        }

        return Read(model, onnxPath);
    }

    /// <summary>The tokenizer these settings describe (written to a temporary folder and loaded like a checkpoint's).</summary>
    public BertTextTokenizer LoadTokenizer(int? maxLength = null)
    {
        string folder = Directory.CreateTempSubdirectory("marketlab-onnx-tokenizer-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "vocab.txt"), Vocabulary);
            File.WriteAllText(Path.Combine(folder, BertTokenizerSettings.TokenizerConfigFile), TokenizerConfig);
            return BertTextTokenizer.FromFolder(folder, maxLength ?? MaxLength);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
