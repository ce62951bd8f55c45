using System.Text.Json;

namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>
/// A WordPiece vocabulary: token strings by id, with allocation-free span look-ups for word starts and for
/// continuations (stored without their prefix, so "##ing" is found by looking up "ing").
/// </summary>
public sealed class WordPieceVocabulary
{
    private readonly Dictionary<string, int> starts;
    private readonly Dictionary<string, int> continuations;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> startLookup;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> continuationLookup;

    public WordPieceVocabulary(IReadOnlyList<string> tokens, string continuingSubwordPrefix = "##", string source = "vocabulary")
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0) throw new InvalidDataException($"{source}: the vocabulary is empty.");
        Tokens = tokens;
        Source = source;
        starts = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < tokens.Count; id++)
        {
            string token = tokens[id];
            // A repeated entry takes its last id, as the original's vocabulary dict built line by line does.
            starts[token] = id;
            if (continuingSubwordPrefix.Length > 0 && token.Length > continuingSubwordPrefix.Length && token.StartsWith(continuingSubwordPrefix, StringComparison.Ordinal))
                continuations[token[continuingSubwordPrefix.Length..]] = id;
            LongestToken = Math.Max(LongestToken, token.Length);
        }

        startLookup = starts.GetAlternateLookup<ReadOnlySpan<char>>();
        continuationLookup = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Token strings by id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The file the vocabulary was read from (for messages).</summary>
    public string Source { get; }

    public int Count => Tokens.Count;

    /// <summary>The longest entry in UTF-16 units (bounds the longest-match search).</summary>
    public int LongestToken { get; }

    /// <summary>Reads a vocab.txt: one token per line, the line number (from 0) its id.</summary>
    public static WordPieceVocabulary FromVocabFile(string path, string continuingSubwordPrefix = "##")
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"BERT vocabulary not found: expected {Path.GetFullPath(path)}.", path);
        var tokens = new List<string>(32_000);
        foreach (string line in File.ReadLines(path)) tokens.Add(line.TrimEnd('\r'));
        // A trailing newline leaves no extra entry (File.ReadLines drops it); a blank last line would.
        return new WordPieceVocabulary(tokens, continuingSubwordPrefix, Path.GetFullPath(path));
    }

    /// <summary>Reads the vocabulary of a Hugging Face tokenizer.json (model.vocab: token -> id, ids 0..n-1).</summary>
    public static WordPieceVocabulary FromTokenizerJson(string path, string continuingSubwordPrefix = "##")
    {
        using JsonDocument document = BertTokenizerSettings.ParseJson(path);
        if (!document.RootElement.TryGetProperty("model", out JsonElement model) || !model.TryGetProperty("vocab", out JsonElement vocab) || vocab.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path}: no model.vocab object (a WordPiece tokenizer.json has one).");
        var byId = new SortedDictionary<int, string>();
        foreach (JsonProperty entry in vocab.EnumerateObject())
        {
            if (!entry.Value.TryGetInt32(out int id) || id < 0) throw new InvalidDataException($"{path}: model.vocab[\"{entry.Name}\"] is not a non-negative integer id.");
            if (!byId.TryAdd(id, entry.Name)) throw new InvalidDataException($"{path}: id {id} is given to both \"{byId[id]}\" and \"{entry.Name}\".");
        }

        var tokens = new List<string>(byId.Count);
        foreach ((int id, string token) in byId)
        {
            if (id != tokens.Count) throw new InvalidDataException($"{path}: model.vocab has no token with id {tokens.Count} (ids must run 0..{byId.Count - 1}).");
            tokens.Add(token);
        }

        return new WordPieceVocabulary(tokens, continuingSubwordPrefix, Path.GetFullPath(path));
    }

    /// <summary>The id of a word-initial piece, or -1.</summary>
    public int Start(ReadOnlySpan<char> piece) => startLookup.TryGetValue(piece, out int id) ? id : -1;

    /// <summary>The id of a continuation piece given without its prefix, or -1.</summary>
    public int Continuation(ReadOnlySpan<char> piece) => continuationLookup.TryGetValue(piece, out int id) ? id : -1;

    /// <summary>The id of <paramref name="token"/> (special tokens), throwing with the vocabulary's source when it is absent.</summary>
    public int Require(string token) =>
        starts.TryGetValue(token, out int id) ? id : throw new InvalidDataException($"{Source}: the vocabulary has no \"{token}\" token.");

    /// <summary>The id of <paramref name="token"/>, or null.</summary>
    public int? Find(string token) => starts.TryGetValue(token, out int id) ? id : null;

    /// <summary>Writes vocab.txt (one token per line, ids in order).</summary>
    public void Save(string path) => File.WriteAllLines(path, Tokens);
}
