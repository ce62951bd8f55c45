using System.Text.Json;
using MarketLab.Experiments.Bert;

namespace MarketLab.Experiments.Tests.Cli;

/// <summary>
/// <c>marketlab bert tokenize</c> on the bert-base-uncased vocabulary (ids are its line numbers minus one: [CLS] 101,
/// [SEP] 102, [UNK] 100, "$" 1002, "20" 2322, "cafe" 7668, "hello" 7592, "world" 2088).
/// </summary>
public sealed class BertTokenizeCommandTests
{
    private const string Vocab = SharedModels.BertBaseUncasedVocab;

    [SharedDataFact(Vocab)]
    public void Each_json_string_becomes_one_array_of_ids_with_cls_and_sep()
    {
        using var cli = new CliRunner();
        string input = cli.WriteFile("texts.jsonl", "\"$20\"\n\"Café\\nhello\\tworld\"\n\"\"\n\"   \"\n");
        string output = cli.PathOf("ids.jsonl");
        var (exit, stdout, error) = cli.Run("bert", "tokenize", "--vocab", SharedModels.Require(Vocab), "--input", input, "--out", output);
        Assert.True(exit == 0, error);
        Assert.Equal(["[101,1002,2322,102]", "[101,7668,7592,2088,102]", "[101,102]", "[101,102]"], File.ReadAllLines(output));
        Assert.Contains("Tokenized 4 texts into 13 ids (0 [UNK])", stdout);
    }

    [SharedDataFact(Vocab)]
    public void Max_length_truncates_and_cased_keeps_capitals()
    {
        using var cli = new CliRunner();
        string input = cli.WriteFile("texts.jsonl", "\"hello world hello world\"\n\"Hello\"\n");
        string output = cli.PathOf("ids.jsonl");
        var (exit, stdout, _) = cli.Run("bert", "tokenize", "--vocab", SharedModels.Require(Vocab), "--input", input, "--out", output, "--max-length", "4");
        Assert.Equal(0, exit);
        Assert.Equal(["[101,7592,2088,102]", "[101,7592,102]"], File.ReadAllLines(output));
        Assert.Contains("1 truncated", stdout);

        // The uncased vocabulary has no "Hello": cased tokenization keeps the capital, so it is unknown.
        Assert.Equal(0, cli.Run("bert", "tokenize", "--vocab", SharedModels.Require(Vocab), "--cased", "--input", input, "--out", output).Exit);
        Assert.Equal("[101,100,102]", File.ReadAllLines(output)[1]);
    }

    [Fact]
    public void A_bad_line_is_named_by_file_line_and_column_and_an_earlier_output_survives()
    {
        using var cli = new CliRunner();
        string vocab = cli.WriteFile("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nok\n");
        string input = cli.WriteFile("texts.jsonl", "\"ok\"\n{\"text\": \"ok\"}\n");
        string output = cli.WriteFile("ids.jsonl", "earlier result\n");
        var (exit, _, error) = cli.Run("bert", "tokenize", "--vocab", vocab, "--input", input, "--out", output);
        Assert.Equal(2, exit);
        Assert.Contains($"{input}:2:1: expected a JSON string, found StartObject", error);
        Assert.Equal("earlier result\n", File.ReadAllText(output));
        Assert.False(File.Exists(output + ".partial"));

        File.WriteAllText(input, "\"ok\"\n\"unterminated\n");
        (exit, _, error) = cli.Run("bert", "tokenize", "--vocab", vocab, "--input", input, "--out", output);
        Assert.Equal(2, exit);
        Assert.Contains($"{input}:2:", error);
    }

    [Fact]
    public void Options_are_checked()
    {
        using var cli = new CliRunner();
        string vocab = cli.WriteFile("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nok\n");
        string input = cli.WriteFile("texts.jsonl", "\"ok\"\n");
        Assert.Contains("--vocab: give exactly one of --vocab FILE or --model DIR", cli.Run("bert", "tokenize", "--input", input, "--out", cli.PathOf("o")).Error);
        Assert.Contains("--input: no file at", cli.Run("bert", "tokenize", "--vocab", vocab, "--input", cli.PathOf("none.jsonl"), "--out", cli.PathOf("o")).Error);
        Assert.Contains("--max-length: must be at least 2", cli.Run("bert", "tokenize", "--vocab", vocab, "--input", input, "--out", cli.PathOf("o"), "--max-length", "1").Error);
        string noUnk = cli.WriteFile("nounk.txt", "[PAD]\n[CLS]\n[SEP]\n");
        Assert.Contains("has no \"[UNK]\" token", cli.Run("bert", "tokenize", "--vocab", noUnk, "--input", input, "--out", cli.PathOf("o")).Error);
    }

    [Fact]
    public void A_model_folder_brings_its_tokenizer_json_settings()
    {
        using var cli = new CliRunner();
        string folder = cli.PathOf("model");
        Directory.CreateDirectory(folder);
        // A cased tokenizer.json (BertNormalizer lowercase false) with its vocabulary inside, as Hugging Face writes it.
        var vocab = new Dictionary<string, int> { ["[PAD]"] = 0, ["[UNK]"] = 1, ["[CLS]"] = 2, ["[SEP]"] = 3, ["Café"] = 4, ["café"] = 5, ["$"] = 6 };
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), JsonSerializer.Serialize(new
        {
            normalizer = new { type = "BertNormalizer", clean_text = true, handle_chinese_chars = true, strip_accents = (bool?)null, lowercase = false },
            model = new { type = "WordPiece", unk_token = "[UNK]", continuing_subword_prefix = "##", max_input_chars_per_word = 100, vocab },
        }));
        string input = cli.WriteFile("texts.jsonl", "\"Café $\"\n\"café\"\n");
        string output = cli.PathOf("ids.jsonl");
        var (exit, _, error) = cli.Run("bert", "tokenize", "--model", folder, "--input", input, "--out", output);
        Assert.True(exit == 0, error);
        Assert.Equal(["[2,4,6,3]", "[2,5,3]"], File.ReadAllLines(output));
    }
}
