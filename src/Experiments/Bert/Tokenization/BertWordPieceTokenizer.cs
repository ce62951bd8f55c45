using System.Buffers;
using System.Text;

namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>
/// BERT's original tokenization (Devlin et al. 2019; google-research/bert tokenization.py, the same rules as Hugging
/// Face's BasicTokenizer + WordpieceTokenizer and BertNormalizer + BertPreTokenizer + WordPiece): clean the text, space
/// CJK ideographs, split on whitespace, lower-case and strip accents per word as configured, split off every
/// punctuation character, then greedy longest-match-first WordPiece. Unlike Microsoft.ML.Tokenizers 2.0/3.0 it keeps
/// symbols ($, +, ^, €, emoji; dotnet/machinelearning #7725), treats newlines and tabs as spaces (#7724) and strips
/// accents for uncased vocabularies. Words of plain ASCII take an allocation-free path.
/// </summary>
public sealed class BertWordPieceTokenizer
{
    private readonly bool[] asciiPunctuation = new bool[128];

    public BertWordPieceTokenizer(WordPieceVocabulary vocabulary, BertTokenizerSettings? settings = null)
    {
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        Settings = (settings ?? new BertTokenizerSettings()).Validate();
        UnknownId = vocabulary.Require(Settings.UnknownToken);
        for (int c = 0; c < 128; c++) asciiPunctuation[c] = BertCharacters.IsPunctuation(c);
    }

    public WordPieceVocabulary Vocabulary { get; }

    public BertTokenizerSettings Settings { get; }

    public int UnknownId { get; }

    /// <summary>The WordPiece ids of <paramref name="text"/>, without special tokens, appended to <paramref name="ids"/>.</summary>
    public void Tokenize(ReadOnlySpan<char> text, List<int> ids)
    {
        char[] rented = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        try
        {
            Span<char> word = rented;
            int length = 0;
            bool ascii = true;
            for (int i = 0; i < text.Length;)
            {
                char c = text[i];
                int cp = c;
                int units = 1;
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    cp = char.ConvertToUtf32(c, text[i + 1]);
                    units = 2;
                }

                i += units;
                if (Settings.CleanText && (cp == 0 || cp == 0xFFFD || BertCharacters.IsControl(cp, Settings.DeleteAllOtherCategories))) continue;
                if ((Settings.CleanText && BertCharacters.IsWhitespace(cp)) || BertCharacters.SplitsWords(cp))
                {
                    FlushWord(word[..length], ascii, ids);
                    length = 0;
                    ascii = true;
                    continue;
                }

                if (Settings.HandleChineseChars && BertCharacters.IsCjk(cp))
                {
                    FlushWord(word[..length], ascii, ids);
                    length = 0;
                    ascii = true;
                    FlushWord(text.Slice(i - units, units), false, ids);
                    continue;
                }

                text.Slice(i - units, units).CopyTo(word[length..]);
                length += units;
                ascii &= cp < 0x80;
            }

            FlushWord(word[..length], ascii, ids);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>The WordPiece strings of <paramref name="text"/> (for inspection and docs).</summary>
    public IReadOnlyList<string> TokenStrings(string text)
    {
        var ids = new List<int>();
        Tokenize(text, ids);
        return ids.Select(id => Vocabulary.Tokens[id]).ToArray();
    }

    // One whitespace-delimited word: lower-case and strip accents as configured, split off punctuation, WordPiece.
    private void FlushWord(ReadOnlySpan<char> word, bool ascii, List<int> ids)
    {
        if (word.IsEmpty) return;
        if (ascii)
        {
            Span<char> lowered = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
            if (Settings.Lowercase) Ascii.ToLower(word, lowered, out _);
            else word.CopyTo(lowered);
            int start = 0;
            for (int i = 0; i < lowered.Length; i++)
            {
                if (!asciiPunctuation[lowered[i]]) continue;
                WordPiece(lowered[start..i], i - start, ids);
                WordPiece(lowered.Slice(i, 1), 1, ids);
                start = i + 1;
            }

            WordPiece(lowered[start..], lowered.Length - start, ids);
            return;
        }

        string normalized = word.ToString();
        if (Settings.Lowercase) normalized = BertCharacters.Lower(normalized);
        if (Settings.StripsAccents) normalized = BertCharacters.StripAccents(normalized);
        int pieceStart = 0, codePoints = 0;
        for (int i = 0; i < normalized.Length;)
        {
            Rune rune = BertCharacters.RuneAt(normalized, i);
            int units = char.IsSurrogate(normalized[i]) && rune.Utf16SequenceLength == 2 ? 2 : 1;
            if (BertCharacters.IsPunctuation(rune.Value))
            {
                WordPiece(normalized.AsSpan(pieceStart, i - pieceStart), codePoints, ids);
                WordPiece(normalized.AsSpan(i, units), 1, ids);
                pieceStart = i + units;
                codePoints = 0;
            }
            else
            {
                codePoints++;
            }

            i += units;
        }

        WordPiece(normalized.AsSpan(pieceStart), codePoints, ids);
    }

    // Greedy longest-match-first WordPiece over one word without whitespace or punctuation (tokenization.py's
    // WordpieceTokenizer). A word with an unmatchable part, or longer than MaxInputCharsPerWord code points, is [UNK].
    private void WordPiece(ReadOnlySpan<char> word, int codePoints, List<int> ids)
    {
        if (word.IsEmpty) return;
        if (codePoints > Settings.MaxInputCharsPerWord)
        {
            ids.Add(UnknownId);
            return;
        }

        int mark = ids.Count;
        int start = 0;
        while (start < word.Length)
        {
            int end = Math.Min(word.Length, start + Vocabulary.LongestToken);
            int found = -1;
            while (end > start)
            {
                // Never end a piece between the halves of a surrogate pair.
                if (end < word.Length && char.IsLowSurrogate(word[end]) && char.IsHighSurrogate(word[end - 1]))
                {
                    end--;
                    continue;
                }

                ReadOnlySpan<char> piece = word[start..end];
                found = start == 0 ? Vocabulary.Start(piece) : Vocabulary.Continuation(piece);
                if (found >= 0) break;
                end--;
            }

            if (found < 0)
            {
                ids.RemoveRange(mark, ids.Count - mark);
                ids.Add(UnknownId);
                return;
            }

            ids.Add(found);
            start = end;
        }
    }
}
