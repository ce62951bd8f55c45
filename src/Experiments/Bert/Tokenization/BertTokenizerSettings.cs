using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>
/// How text becomes WordPieces, with the names of Hugging Face's BertNormalizer / WordPiece settings in the comments.
/// The defaults are an uncased BERT's: lower-case and strip accents, clean text, space CJK ideographs, [UNK] for words
/// over 100 characters. A model folder's tokenizer.json or tokenizer_config.json overrides them
/// (<see cref="FromFolder"/>); checkpoints we write carry a tokenizer_config.json (<see cref="Save"/>).
/// </summary>
public sealed record BertTokenizerSettings
{
    public const string TokenizerJsonFile = "tokenizer.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    /// <summary>Lower-case each word (lowercase / do_lower_case).</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Strip accents (strip_accents); null follows <see cref="Lowercase"/>, as in the original.</summary>
    public bool? StripAccents { get; init; }

    /// <summary>Delete NUL, U+FFFD and control characters and turn whitespace into spaces (clean_text).</summary>
    public bool CleanText { get; init; } = true;

    /// <summary>Put spaces around CJK ideographs, making each its own word (handle_chinese_chars / tokenize_chinese_chars).</summary>
    public bool HandleChineseChars { get; init; } = true;

    /// <summary>
    /// Cleaning deletes every category C* character (private use, unassigned) as Hugging Face's normalizers do, not only
    /// Cc and Cf as google-research/bert does. Set when the settings come from a Hugging Face tokenizer file.
    /// </summary>
    public bool DeleteAllOtherCategories { get; init; }

    /// <summary>Unknown token (unk_token).</summary>
    public string UnknownToken { get; init; } = "[UNK]";

    /// <summary>Prefix of word continuations (continuing_subword_prefix).</summary>
    public string ContinuingSubwordPrefix { get; init; } = "##";

    /// <summary>Longer words, in code points, become <see cref="UnknownToken"/> (max_input_chars_per_word; Google's code used 200).</summary>
    public int MaxInputCharsPerWord { get; init; } = 100;

    /// <summary>Whether accents are stripped.</summary>
    public bool StripsAccents => StripAccents ?? Lowercase;

    /// <summary>An uncased (default) or cased model's settings.</summary>
    public static BertTokenizerSettings For(bool lowercase) => new() { Lowercase = lowercase };

    /// <summary>
    /// Settings of a model folder: tokenizer.json's normalizer and model sections when present, else
    /// tokenizer_config.json, else the uncased defaults. Unsupported tokenizers (not BertNormalizer / WordPiece) are refused.
    /// </summary>
    public static BertTokenizerSettings FromFolder(string folder)
    {
        string json = Path.Combine(folder, TokenizerJsonFile);
        if (File.Exists(json)) return FromTokenizerJson(json);
        string config = Path.Combine(folder, TokenizerConfigFile);
        return File.Exists(config) ? FromTokenizerConfig(config) : new BertTokenizerSettings();
    }

    /// <summary>Reads the normalizer (BertNormalizer, or a Sequence holding one) and WordPiece model of a tokenizer.json.</summary>
    public static BertTokenizerSettings FromTokenizerJson(string path)
    {
        using JsonDocument document = ParseJson(path);
        JsonElement root = document.RootElement;
        var settings = new BertTokenizerSettings { DeleteAllOtherCategories = true };
        if (root.TryGetProperty("normalizer", out JsonElement normalizer) && normalizer.ValueKind == JsonValueKind.Object)
        {
            JsonElement bert = FindBertNormalizer(normalizer, path);
            settings = settings with
            {
                CleanText = Bool(bert, "clean_text", path) ?? true,
                HandleChineseChars = Bool(bert, "handle_chinese_chars", path) ?? true,
                StripAccents = Bool(bert, "strip_accents", path),
                Lowercase = Bool(bert, "lowercase", path) ?? true,
            };
        }

        if (root.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.Object)
        {
            string type = model.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "" : "WordPiece";
            if (type != "WordPiece") throw new NotSupportedException($"{path}: model.type is \"{type}\"; only WordPiece (BERT) tokenizers are supported.");
            settings = settings with
            {
                UnknownToken = String(model, "unk_token", path) ?? settings.UnknownToken,
                ContinuingSubwordPrefix = String(model, "continuing_subword_prefix", path) ?? settings.ContinuingSubwordPrefix,
                MaxInputCharsPerWord = model.TryGetProperty("max_input_chars_per_word", out JsonElement max) && max.TryGetInt32(out int m) ? m : settings.MaxInputCharsPerWord,
            };
        }

        return settings.Validate(path);
    }

    /// <summary>Reads do_lower_case, strip_accents, tokenize_chinese_chars and unk_token of a tokenizer_config.json.</summary>
    public static BertTokenizerSettings FromTokenizerConfig(string path)
    {
        using JsonDocument document = ParseJson(path);
        JsonElement root = document.RootElement;
        return new BertTokenizerSettings
        {
            Lowercase = Bool(root, "do_lower_case", path) ?? true,
            StripAccents = Bool(root, "strip_accents", path),
            HandleChineseChars = Bool(root, "tokenize_chinese_chars", path) ?? true,
            UnknownToken = String(root, "unk_token", path) ?? "[UNK]",
            MaxInputCharsPerWord = root.TryGetProperty("max_input_chars_per_word", out JsonElement max) && max.TryGetInt32(out int m) ? m : 100,
            DeleteAllOtherCategories = !root.TryGetProperty("marketlab_original_control_rule", out JsonElement rule) || rule.ValueKind != JsonValueKind.True,
        }.Validate(path);
    }

    /// <summary>Writes tokenizer_config.json into <paramref name="folder"/> (the keys <see cref="FromTokenizerConfig"/> reads).</summary>
    public void Save(string folder) => File.WriteAllText(Path.Combine(folder, TokenizerConfigFile), ToJson());

    /// <summary>The tokenizer_config.json text <see cref="Save"/> writes.</summary>
    public string ToJson()
    {
        var json = new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = Lowercase,
            ["strip_accents"] = StripAccents is bool strip ? JsonValue.Create(strip) : null,
            ["tokenize_chinese_chars"] = HandleChineseChars,
            ["unk_token"] = UnknownToken,
            ["max_input_chars_per_word"] = MaxInputCharsPerWord,
            ["marketlab_original_control_rule"] = !DeleteAllOtherCategories,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Throws naming the setting that cannot work.</summary>
    public BertTokenizerSettings Validate(string source = "tokenizer settings")
    {
        if (MaxInputCharsPerWord < 1) throw new InvalidDataException($"{source}: max_input_chars_per_word must be at least 1; got {MaxInputCharsPerWord}.");
        if (string.IsNullOrEmpty(UnknownToken)) throw new InvalidDataException($"{source}: unk_token is empty.");
        return this;
    }

    internal static JsonDocument ParseJson(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Tokenizer file not found: expected {Path.GetFullPath(path)}.", path);
        try
        {
            using FileStream stream = File.OpenRead(path);
            JsonDocument document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new InvalidDataException($"{path}: expected a JSON object.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}", e);
        }
    }

    private static JsonElement FindBertNormalizer(JsonElement normalizer, string path)
    {
        string type = normalizer.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "" : "";
        if (type == "BertNormalizer") return normalizer;
        if (type == "Sequence" && normalizer.TryGetProperty("normalizers", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement inner in list.EnumerateArray())
                if (inner.TryGetProperty("type", out JsonElement it) && it.GetString() == "BertNormalizer") return inner;
        }

        throw new NotSupportedException($"{path}: normalizer type \"{type}\" is not supported; only BertNormalizer (BERT's cleaning, CJK spacing, lower-casing and accent stripping).");
    }

    private static bool? Bool(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"{path}: \"{name}\" must be true, false or null; got {value.GetRawText()}."),
        };
    }

    private static string? String(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        // transformers writes special tokens as {"content": "[UNK]", ...} in some versions.
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String) return content.GetString();
        throw new InvalidDataException($"{path}: \"{name}\" must be a string; got {value.GetRawText()}.");
    }
}
