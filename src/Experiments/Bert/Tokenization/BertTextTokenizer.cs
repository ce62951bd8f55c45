using Microsoft.ML.Tokenizers;

namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>
/// WordPiece tokenization for BERT (Microsoft.ML.Tokenizers' BertTokenizer over a vocab.txt, lower-casing), with
/// special tokens, truncation and per-batch dynamic padding. Pairs follow Hugging Face: [CLS] a [SEP] b [SEP], token
/// type 0 through the first [SEP] and 1 after it; truncation "longest_first" removes tokens from the end of the longer
/// segment (the second on ties), as transformers' <c>truncate_sequences</c> does.
/// </summary>
public sealed class BertTextTokenizer
{
    private readonly BertTokenizer tokenizer;

    private BertTextTokenizer(BertTokenizer tokenizer, int maxLength, string vocabPath)
    {
        this.tokenizer = tokenizer;
        MaxLength = maxLength;
        VocabPath = Path.GetFullPath(vocabPath);
    }

    /// <summary>The vocab.txt this tokenizer was loaded from (copied into checkpoints).</summary>
    public string VocabPath { get; }

    /// <summary>Id of [MASK] (masked-LM pre-training).</summary>
    public int MaskId => tokenizer.MaskingTokenId;

    /// <summary>Id of [UNK].</summary>
    public int UnknownId => tokenizer.UnknownTokenId;

    /// <summary>Longest encoded input, special tokens included.</summary>
    public int MaxLength { get; }

    public int PadId => tokenizer.PaddingTokenId;

    public int ClsId => tokenizer.ClassificationTokenId;

    public int SepId => tokenizer.SeparatorTokenId;

    /// <summary>Loads <paramref name="vocabPath"/> (one WordPiece per line); lower-cases before tokenizing (uncased models).</summary>
    public static BertTextTokenizer FromVocab(string vocabPath, int maxLength = 128, bool lowerCase = true)
    {
        if (maxLength < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"maxLength must be at least 3 ([CLS] x [SEP] needs 3; pairs need 4 or more); got {maxLength}.");
        }

        if (!File.Exists(vocabPath))
        {
            throw new FileNotFoundException($"BERT vocabulary not found: expected {Path.GetFullPath(vocabPath)}.", vocabPath);
        }

        var options = new BertOptions { LowerCaseBeforeTokenization = lowerCase };
        return new BertTextTokenizer(BertTokenizer.Create(vocabPath, options), maxLength, vocabPath);
    }

    /// <summary>The bert-base-uncased vocabulary from ../shared (see <see cref="SharedModels"/>); throws naming the expected path when absent.</summary>
    public static BertTextTokenizer FromSharedVocab(int maxLength = 128) =>
        FromVocab(SharedModels.Require(SharedModels.BertBaseUncasedVocab), maxLength);

    /// <summary>WordPiece ids of <paramref name="text"/> without special tokens or truncation.</summary>
    public IReadOnlyList<int> WordPieces(string text, int row = 0)
    {
        RequireText(text, row, nameof(text));
        return tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
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

        IReadOnlyList<int> ids = tokenizer.BuildInputsWithSpecialTokens(a, b);
        IReadOnlyList<int> types = tokenizer.CreateTokenTypeIdsFromSequences(a, b);
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
