namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>
/// BERT inputs: WordPiece ids by the original rules (<see cref="BertWordPieceTokenizer"/>, uncased or cased as the
/// settings say), with special tokens, truncation and per-batch dynamic padding. Pairs follow Hugging Face: [CLS] a [SEP]
/// b [SEP], token type 0 through the first [SEP] and 1 after it; truncation "longest_first" removes tokens from the end
/// of the longer segment (the second on ties), as transformers' <c>truncate_sequences</c> does.
/// </summary>
public sealed class BertTextTokenizer
{
    private readonly BertWordPieceTokenizer wordPieces;

    private BertTextTokenizer(BertWordPieceTokenizer wordPieces, int maxLength, string vocabPath)
    {
        this.wordPieces = wordPieces;
        MaxLength = maxLength;
        VocabPath = Path.GetFullPath(vocabPath);
        WordPieceVocabulary vocabulary = wordPieces.Vocabulary;
        ClsId = vocabulary.Require("[CLS]");
        SepId = vocabulary.Require("[SEP]");
        PadId = vocabulary.Require("[PAD]");
        MaskId = vocabulary.Find("[MASK]") ?? -1;
    }

    /// <summary>The vocabulary file this tokenizer was loaded from: a vocab.txt, or a tokenizer.json.</summary>
    public string VocabPath { get; }

    /// <summary>Token strings by id.</summary>
    public IReadOnlyList<string> Vocabulary => wordPieces.Vocabulary.Tokens;

    /// <summary>How text is normalised and split (written into checkpoints as tokenizer_config.json).</summary>
    public BertTokenizerSettings Settings => wordPieces.Settings;

    /// <summary>Id of [MASK] (masked-LM pre-training), or -1 when the vocabulary has none.</summary>
    public int MaskId { get; }

    /// <summary>Id of [UNK] (or the settings' unknown token).</summary>
    public int UnknownId => wordPieces.UnknownId;

    /// <summary>Longest encoded input, special tokens included.</summary>
    public int MaxLength { get; }

    public int PadId { get; }

    public int ClsId { get; }

    public int SepId { get; }

    /// <summary>Loads <paramref name="vocabPath"/> (one WordPiece per line); lower-cases and strips accents unless <paramref name="lowerCase"/> is false (cased models).</summary>
    public static BertTextTokenizer FromVocab(string vocabPath, int maxLength = 128, bool lowerCase = true) =>
        FromVocab(vocabPath, BertTokenizerSettings.For(lowerCase), maxLength);

    /// <summary>Loads <paramref name="vocabPath"/> (a vocab.txt, or a tokenizer.json's model.vocab) with explicit settings.</summary>
    public static BertTextTokenizer FromVocab(string vocabPath, BertTokenizerSettings settings, int maxLength = 128)
    {
        if (maxLength < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"maxLength must be at least 3 ([CLS] x [SEP] needs 3; pairs need 4 or more); got {maxLength}.");
        }

        if (!File.Exists(vocabPath))
        {
            throw new FileNotFoundException($"BERT vocabulary not found: expected {Path.GetFullPath(vocabPath)}.", vocabPath);
        }

        WordPieceVocabulary vocabulary = vocabPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? WordPieceVocabulary.FromTokenizerJson(vocabPath, settings.ContinuingSubwordPrefix)
            : WordPieceVocabulary.FromVocabFile(vocabPath, settings.ContinuingSubwordPrefix);
        return new BertTextTokenizer(new BertWordPieceTokenizer(vocabulary, settings), maxLength, vocabPath);
    }

    /// <summary>
    /// The tokenizer of a model folder: vocab.txt (else tokenizer.json's vocabulary) with the settings of its
    /// tokenizer.json or tokenizer_config.json (<see cref="BertTokenizerSettings.FromFolder"/>).
    /// </summary>
    public static BertTextTokenizer FromFolder(string folder, int maxLength = 128)
    {
        string vocab = Path.Combine(folder, "vocab.txt");
        string json = Path.Combine(folder, BertTokenizerSettings.TokenizerJsonFile);
        if (!File.Exists(vocab) && File.Exists(json)) vocab = json;
        if (!File.Exists(vocab)) throw new FileNotFoundException($"No vocab.txt or tokenizer.json in {Path.GetFullPath(folder)}.", Path.Combine(folder, "vocab.txt"));
        return FromVocab(vocab, BertTokenizerSettings.FromFolder(folder), maxLength);
    }

    /// <summary>The bert-base-uncased vocabulary from ../shared (see <see cref="SharedModels"/>); throws naming the expected path when absent.</summary>
    public static BertTextTokenizer FromSharedVocab(int maxLength = 128) =>
        FromVocab(SharedModels.Require(SharedModels.BertBaseUncasedVocab), maxLength);

    /// <summary>
    /// The tokenizer a run starts with: <paramref name="vocabPath"/> when given (uncased), else the start checkpoint's own
    /// (<see cref="FromFolder"/>: its vocabulary and settings), else the shared bert-base-uncased vocabulary. One rule
    /// for the CLI, the spec candidates and the ML.NET trainers.
    /// </summary>
    public static BertTextTokenizer ForStart(string? vocabPath, string? checkpointFolder, int maxLength) =>
        vocabPath is not null ? FromVocab(vocabPath, maxLength)
        : checkpointFolder is not null ? FromFolder(checkpointFolder, maxLength)
        : FromSharedVocab(maxLength);

    /// <summary>Writes vocab.txt and tokenizer_config.json into a checkpoint folder, so <see cref="FromFolder"/> reloads this tokenizer.</summary>
    public void SaveTo(string folder)
    {
        Directory.CreateDirectory(folder);
        string vocab = Path.GetFullPath(Path.Combine(folder, "vocab.txt"));
        if (!string.Equals(vocab, VocabPath, StringComparison.Ordinal)) wordPieces.Vocabulary.Save(vocab);
        Settings.Save(folder);
    }

    /// <summary>WordPiece ids of <paramref name="text"/> without special tokens or truncation.</summary>
    public IReadOnlyList<int> WordPieces(string text, int row = 0)
    {
        RequireText(text, row, nameof(text));
        return Ids(text);
    }

    /// <summary>[CLS] pieces [SEP] of any text (empty or blank too), untruncated unless <paramref name="maxLength"/> is given.</summary>
    public IReadOnlyList<int> EncodeIds(string text, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int> { ClsId };
        wordPieces.Tokenize(text, ids);
        if (maxLength is int max && ids.Count > max - 1) ids.RemoveRange(Math.Max(1, max - 1), ids.Count - Math.Max(1, max - 1));
        ids.Add(SepId);
        return ids;
    }

    private List<int> Ids(string text)
    {
        var ids = new List<int>();
        wordPieces.Tokenize(text, ids);
        return ids;
    }

    /// <summary>[CLS] text [SEP], keeping the first <see cref="MaxLength"/> - 2 word pieces.</summary>
    public TokenizedText Encode(string text, int row = 0)
    {
        IReadOnlyList<int> pieces = WordPieces(text, row);
        var ids = new List<int>(Math.Min(pieces.Count, MaxLength - 2) + 2) { ClsId };
        ids.AddRange(pieces.Take(MaxLength - 2));
        ids.Add(SepId);
        return new TokenizedText(row, ids, new int[ids.Count]);
    }

    /// <summary>[CLS] first [SEP] second [SEP] with longest-first truncation to <see cref="MaxLength"/>.</summary>
    public TokenizedText EncodePair(string first, string second, int row = 0)
    {
        if (MaxLength < 4)
        {
            throw new InvalidOperationException($"A pair needs MaxLength >= 4 (three special tokens and one piece); this tokenizer has {MaxLength}.");
        }

        var a = WordPieces(first, row).ToList();
        var b = WordPieces(second, row).ToList();
        int budget = MaxLength - 3;
        while (a.Count + b.Count > budget)
        {
            List<int> longer = a.Count > b.Count ? a : b;
            longer.RemoveAt(longer.Count - 1);
        }

        var ids = new List<int>(a.Count + b.Count + 3) { ClsId };
        ids.AddRange(a);
        ids.Add(SepId);
        ids.AddRange(b);
        ids.Add(SepId);
        int[] types = new int[ids.Count];
        Array.Fill(types, 1, a.Count + 2, b.Count + 1);
        return new TokenizedText(row, ids, types);
    }

    /// <summary>Encodes each text (rows numbered from 0 in order).</summary>
    public IReadOnlyList<TokenizedText> EncodeAll(IReadOnlyList<string> texts) =>
        texts.Select((text, row) => Encode(text, row)).ToArray();

    /// <summary>Pads the given inputs to the longest of them (dynamic padding: a batch of short texts stays short).</summary>
    public BertBatch Pad(IReadOnlyList<TokenizedText> items)
    {
        if (items.Count == 0)
        {
            throw new ArgumentException("Cannot pad an empty batch.", nameof(items));
        }

        int length = items.Max(t => t.Length);
        var ids = new long[items.Count * length];
        var types = new long[items.Count * length];
        var mask = new long[items.Count * length];
        if (PadId != 0) Array.Fill(ids, PadId);
        for (int i = 0; i < items.Count; i++)
        {
            TokenizedText t = items[i];
            for (int j = 0; j < t.Length; j++)
            {
                ids[i * length + j] = t.InputIds[j];
                types[i * length + j] = t.TokenTypeIds[j];
                mask[i * length + j] = 1;
            }
        }

        return new BertBatch(items.Count, length, ids, types, mask, items.Select(t => t.Row).ToArray());
    }

    private static void RequireText(string text, int row, string parameter)
    {
        ArgumentNullException.ThrowIfNull(text, parameter);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"Text at row {row} is empty or whitespace-only; BERT needs at least one token.", parameter);
        }
    }
}
