using System.Globalization;
using System.Text;

namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>
/// The character classes of BERT's original basic tokenizer (google-research/bert, tokenization.py: <c>_is_whitespace</c>,
/// <c>_is_control</c>, <c>_is_punctuation</c>, <c>_is_chinese_char</c>, <c>_run_strip_accents</c>) and Python's
/// <c>str.lower()</c>, which the original applies per word. Code points, not UTF-16 units, are classified.
/// </summary>
internal static class BertCharacters
{
    /// <summary>Space, tab, newline, carriage return and category Zs: turned into a space by text cleaning.</summary>
    public static bool IsWhitespace(int cp) =>
        cp is ' ' or '\t' or '\n' or '\r' || (cp > 0x7F && CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.SpaceSeparator);

    /// <summary>What Python's <c>str.split()</c> splits on (Unicode White_Space plus U+001C..U+001F).</summary>
    public static bool SplitsWords(int cp) =>
        cp is ' ' or (>= '\t' and <= '\r') or (>= 0x1C and <= 0x1F) || (cp > 0x7F && cp <= 0xFFFF && char.IsWhiteSpace((char)cp));

    /// <summary>
    /// A control character deleted by text cleaning: categories Cc and Cf except tab, newline and carriage return
    /// (Google's rule), or every category C* when <paramref name="allOther"/> (Hugging Face's rule: private use and
    /// unassigned code points too).
    /// </summary>
    public static bool IsControl(int cp, bool allOther)
    {
        if (cp is '\t' or '\n' or '\r') return false;
        if (cp < 0x20 || cp == 0x7F) return true;
        if (cp < 0x80) return false;
        UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(cp);
        return category is UnicodeCategory.Control or UnicodeCategory.Format
            || (allOther && category is UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned);
    }

    /// <summary>ASCII 33-47, 58-64, 91-96, 123-126 (so $, +, ^, ` count although Unicode calls them symbols), or category P*.</summary>
    public static bool IsPunctuation(int cp)
    {
        if (cp < 0x80) return cp is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126);
        return CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>CJK Unified Ideographs and their extensions A-E and compatibility blocks, as tokenization.py defines them.</summary>
    public static bool IsCjk(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    /// <summary>
    /// Python's <c>str.lower()</c>: the simple lower-case mapping, plus its two full mappings that differ: U+0130 (capital
    /// I with dot) becomes "i" + U+0307, and capital sigma becomes final sigma at the end of a word (Unicode's
    /// Final_Sigma context, as CPython's <c>handle_capital_sigma</c> applies it).
    /// </summary>
    public static string Lower(string word)
    {
        var builder = new StringBuilder(word.Length + 2);
        for (int i = 0; i < word.Length;)
        {
            Rune rune = RuneAt(word, i);
            if (rune.Value == 0x130) builder.Append("i\u0307");
            else if (rune.Value == 0x3A3) builder.Append(IsFinalSigma(word, i) ? 'ς' : 'σ');
            else builder.Append(Rune.ToLowerInvariant(rune).ToString());
            i += rune.Utf16SequenceLength;
        }

        return builder.ToString();
    }

    /// <summary>Canonical decomposition (NFD) with the non-spacing marks (category Mn) removed: "café" -> "cafe".</summary>
    public static string StripAccents(string word)
    {
        string decomposed = CanonicalDecomposition.Decompose(word);
        var builder = new StringBuilder(decomposed.Length);
        for (int i = 0; i < decomposed.Length;)
        {
            Rune rune = RuneAt(decomposed, i);
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark) builder.Append(decomposed, i, rune.Utf16SequenceLength);
            i += rune.Utf16SequenceLength;
        }

        return builder.ToString();
    }

    /// <summary>The code point at <paramref name="index"/>; a lone surrogate stands for itself (as in a Python string).</summary>
    public static Rune RuneAt(string text, int index) => RuneAt(text.AsSpan(), index);

    public static Rune RuneAt(ReadOnlySpan<char> text, int index)
    {
        char c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            return new Rune(c, text[index + 1]);
        // Rune cannot hold a lone surrogate; U+FFFD never matches a vocabulary entry either way and is never cleaned
        // here because cleaning looks at the original code unit (see LoneSurrogate).
        return char.IsSurrogate(c) ? Rune.ReplacementChar : new Rune(c);
    }

    private static bool IsFinalSigma(string word, int index)
    {
        // Preceded by a cased letter (skipping case-ignorables) and not followed by one.
        int before = index - 1;
        while (before >= 0 && IsCaseIgnorable(word[before])) before--;
        if (before < 0 || !IsCased(word[before])) return false;
        int after = index + 1;
        while (after < word.Length && IsCaseIgnorable(word[after])) after++;
        return after >= word.Length || !IsCased(word[after]);
    }

    private static bool IsCased(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c) =>
        c is '\'' or '.' or ':' or '^' or '`' or '\u00B7' or '\u0387' or '\u2018' or '\u2019' or '\u2024' or '\u2027' or '\uFE13' or '\uFE52' or '\uFE55' or '\uFF07' or '\uFF0E' or '\uFF1A'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}
