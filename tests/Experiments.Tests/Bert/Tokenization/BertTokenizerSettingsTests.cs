using MarketLab.Experiments.Bert.Tokenization;

namespace MarketLab.Experiments.Tests.Bert.Tokenization;

/// <summary>Tokenizer settings from Hugging Face files and through our checkpoints, on a small hand-made vocabulary.</summary>
public sealed class BertTokenizerSettingsTests : IDisposable
{
    private static readonly string[] Tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "cafe", "Café", "café", "##s", "$", "5", "手", "机"];
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ml-tok-" + Guid.NewGuid().ToString("N"));

    public BertTokenizerSettingsTests()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), Tokens);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string[] Pieces(BertTextTokenizer tokenizer, string text) => tokenizer.WordPieces(text).Select(id => Tokens[id]).ToArray();

    [Fact]
    public void Without_tokenizer_files_a_folder_is_uncased()
    {
        BertTextTokenizer tokenizer = BertTextTokenizer.FromFolder(folder);
        Assert.Equal(["cafe", "##s", "$", "5", "手", "机"], Pieces(tokenizer, "CAFÉs $5手机"));
    }

    [Fact]
    public void Tokenizer_config_json_sets_case_accents_and_unknown_token()
    {
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{"do_lower_case": false, "tokenize_chinese_chars": false, "unk_token": {"content": "[UNK]"}}""");
        BertTextTokenizer tokenizer = BertTextTokenizer.FromFolder(folder);
        Assert.False(tokenizer.Settings.Lowercase);
        Assert.False(tokenizer.Settings.StripsAccents);
        Assert.Equal(["Café", "café"], Pieces(tokenizer, "Café café"));
        // Without CJK spacing "5手机" is one word that WordPiece cannot cover.
        Assert.Equal(["[UNK]"], Pieces(tokenizer, "5手机"));
    }

    [Fact]
    public void Lower_casing_without_accent_stripping_is_possible()
    {
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{"do_lower_case": true, "strip_accents": false}""");
        Assert.Equal(["café"], Pieces(BertTextTokenizer.FromFolder(folder), "CAFÉ"));
    }

    [Fact]
    public void A_sequence_normalizer_holding_a_bert_normalizer_is_read_and_others_are_refused()
    {
        string json = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(json, """{"normalizer": {"type": "Sequence", "normalizers": [{"type": "BertNormalizer", "lowercase": false, "strip_accents": true}]}, "model": {"type": "WordPiece", "max_input_chars_per_word": 3}}""");
        BertTokenizerSettings settings = BertTokenizerSettings.FromFolder(folder);
        Assert.Equal((false, true, 3, true), (settings.Lowercase, settings.StripsAccents, settings.MaxInputCharsPerWord, settings.DeleteAllOtherCategories));

        File.WriteAllText(json, """{"normalizer": {"type": "NFKC"}}""");
        Assert.Contains("normalizer type \"NFKC\" is not supported", Assert.Throws<NotSupportedException>(() => BertTokenizerSettings.FromFolder(folder)).Message);
        File.WriteAllText(json, """{"model": {"type": "BPE"}}""");
        Assert.Contains("model.type is \"BPE\"", Assert.Throws<NotSupportedException>(() => BertTokenizerSettings.FromFolder(folder)).Message);
        File.WriteAllText(json, "{\"normalizer\": {\"type\": \"BertNormalizer\", \"lowercase\": \"yes\"}}");
        Assert.Contains("\"lowercase\" must be true, false or null", Assert.Throws<InvalidDataException>(() => BertTokenizerSettings.FromFolder(folder)).Message);
        File.WriteAllText(json, "{\"normalizer\": ");
        InvalidDataException broken = Assert.Throws<InvalidDataException>(() => BertTokenizerSettings.FromFolder(folder));
        Assert.Contains(json, broken.Message);
        Assert.Contains("line 1", broken.Message);
    }

    [Fact]
    public void A_saved_tokenizer_reloads_with_its_settings()
    {
        BertTextTokenizer cased = BertTextTokenizer.FromVocab(Path.Combine(folder, "vocab.txt"), new BertTokenizerSettings { Lowercase = false, MaxInputCharsPerWord = 50 });
        string checkpoint = Path.Combine(folder, "checkpoint");
        cased.SaveTo(checkpoint);
        BertTextTokenizer reloaded = BertTextTokenizer.FromFolder(checkpoint);
        Assert.Equal(cased.Settings, reloaded.Settings);
        Assert.Equal(Tokens, File.ReadAllLines(Path.Combine(checkpoint, "vocab.txt")));
        Assert.Equal(["Café"], Pieces(reloaded, "Café"));
    }

    [Fact]
    public void A_tokenizer_json_vocabulary_must_number_its_tokens_from_zero_without_gaps()
    {
        string json = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(json, """{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 3, "[PAD]": 4}}}""");
        Assert.Contains("no token with id 2", Assert.Throws<InvalidDataException>(() => BertTextTokenizer.FromVocab(json, new BertTokenizerSettings())).Message);
    }
}
