using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MarketLab.Experiments.Bert;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Bert.Tokenization;

/// <summary>
/// Ids against an independent reference: Bert/References/bert_tokenization_reference.py follows the rules of
/// google-research/bert's tokenization.py and wrote tokenization-golden.json (Python 3.11, Unicode 14.0) for a corpus
/// of tricky texts (prices in $ € £, symbols, emoji, accents, newlines and tabs without spaces, zero-width and control
/// characters, CJK and Korean product titles, long words, empty and blank strings) in four settings, and for 2,017 real
/// lines of the seven text sets in ../shared (named by file, line and column with the text's SHA-256, never copied).
/// </summary>
public sealed class BertTokenizationGoldenTests
{
    private const string Vocab = SharedModels.BertBaseUncasedVocab;

    private static readonly Lazy<JsonDocument> Golden = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Bert", "References", "tokenization-golden.json"))));

    private static BertTextTokenizer Tokenizer(BertTokenizerSettings settings) =>
        BertTextTokenizer.FromVocab(SharedModels.Require(Vocab), settings);

    public static TheoryData<string> Settings() => ["uncased", "uncased_max200", "uncased_all_other_control", "cased"];

    [SharedDataTheory(Vocab)]
    [MemberData(nameof(Settings))]
    public void Tricky_texts_match_the_reference(string setting)
    {
        BertTokenizerSettings settings = setting switch
        {
            "uncased" => new BertTokenizerSettings(),
            "uncased_max200" => new BertTokenizerSettings { MaxInputCharsPerWord = 200 },
            "uncased_all_other_control" => new BertTokenizerSettings { DeleteAllOtherCategories = true },
            "cased" => new BertTokenizerSettings { Lowercase = false },
            _ => throw new ArgumentOutOfRangeException(nameof(setting)),
        };
        BertTextTokenizer tokenizer = Tokenizer(settings);
        var mismatches = new List<string>();
        foreach (JsonElement item in Golden.Value.RootElement.GetProperty("tricky").EnumerateArray())
        {
            string text = item.GetProperty("text").GetString()!;
            int[] expected = item.GetProperty(setting).EnumerateArray().Select(e => e.GetInt32()).ToArray();
            int[] actual = tokenizer.EncodeIds(text).ToArray();
            if (!expected.SequenceEqual(actual)) mismatches.Add(Describe(tokenizer, text, expected, actual));
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} tricky texts differ from the reference ({setting}):\n{string.Join("\n", mismatches)}");
        Assert.Equal(35, Golden.Value.RootElement.GetProperty("tricky").GetArrayLength());
    }

    [SharedDataFact(Vocab)]
    public void Real_lines_from_the_shared_text_sets_match_the_reference()
    {
        BertTextTokenizer tokenizer = Tokenizer(new BertTokenizerSettings());
        var files = new Dictionary<string, string[]>();
        var mismatches = new List<string>();
        int checkedLines = 0;
        foreach (JsonElement item in Golden.Value.RootElement.GetProperty("shared").EnumerateArray())
        {
            string file = item.GetProperty("file").GetString()!;
            if (!files.TryGetValue(file, out string[]? lines))
            {
                string path = SharedDatasets.Resolve(file);
                files[file] = lines = File.ReadAllText(path, new UTF8Encoding(false)).Split('\n');
            }

            int number = item.GetProperty("line").GetInt32();
            string text = Field(lines[number - 1], item.GetProperty("format").GetString()!, item.GetProperty("column").GetInt32());
            string sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            Assert.True(sha == item.GetProperty("sha256").GetString(), $"{file} line {number}: the extracted text is not the one the reference tokenized (SHA-256 {sha}): \"{text}\"");
            int[] expected = item.GetProperty("uncased").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            int[] actual = tokenizer.EncodeIds(text).ToArray();
            if (!expected.SequenceEqual(actual)) mismatches.Add($"{file}:{number}: {Describe(tokenizer, text, expected, actual)}");
            checkedLines++;
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {checkedLines} lines differ from the reference:\n{string.Join("\n", mismatches.Take(10))}");
        Assert.Equal(2017, checkedLines);
    }

    // One physical line as the reference reads it: CR and BOM removed, then a tab split or one CSV record.
    private static string Field(string line, string format, int column)
    {
        line = line.TrimEnd('\r').TrimStart('\uFEFF');
        List<string> fields = format == "tsv" ? line.Split('\t').ToList() : CsvRecord(line);
        return fields[column];
    }

    // RFC 4180 fields of one line: quoted fields may hold commas and doubled quotes.
    private static List<string> CsvRecord(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static string Describe(BertTextTokenizer tokenizer, string text, int[] expected, int[] actual) =>
        $"{JsonSerializer.Serialize(text)}\n  expected {string.Join(" ", expected.Select(id => tokenizer.Vocabulary[id]))}\n  actual   {string.Join(" ", actual.Select(id => tokenizer.Vocabulary[id]))}";
}
