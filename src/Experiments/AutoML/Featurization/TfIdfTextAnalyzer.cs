using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>Receives one n-gram (valid only during the call).</summary>
internal delegate void NgramSink(ReadOnlySpan<char> ngram);

/// <summary>
/// Splits a document into the n-grams of scikit-learn's <c>TfidfVectorizer</c> analyzers (scikit-learn 1.2,
/// <c>sklearn/feature_extraction/text.py</c>; Pedregosa et al., JMLR 12, 2011), re-implemented:
/// <list type="bullet">
/// <item><b>word</b>: lower-case, tokens matching <c>\b\w\w+\b</c> (two or more word characters), optionally without
/// the English stop words, then every run of n consecutive tokens for n in the range, joined by one space.</item>
/// <item><b>char_wb</b>: lower-case, split on whitespace, each word padded as " word "; for each n in the range every
/// n-character window of the padded word, and a padded word no longer than n counted once and the larger n skipped
/// (scikit-learn's <c>_char_wb_ngrams</c>).</item>
/// </list>
/// Lower-casing is .NET's invariant culture and windows count UTF-16 units: for text outside the Basic Multilingual
/// Plane (emoji) the character n-grams can differ from Python's, which counts code points.
/// </summary>
internal static class TfIdfTextAnalyzer
{
    private static readonly Regex Token = new(@"\b\w\w+\b", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Lazy<HashSet<string>> Stop = new(LoadStopWords);

    /// <summary>scikit-learn's <c>ENGLISH_STOP_WORDS</c> (318 words, from the Glasgow Information Retrieval Group's list).</summary>
    public static IReadOnlySet<string> EnglishStopWords => Stop.Value;

    /// <summary>Calls <paramref name="sink"/> with each word n-gram of <paramref name="text"/> in scikit-learn's order.</summary>
    public static void WordNgrams(string text, NgramRange range, bool removeStopWords, NgramSink sink)
    {
        var tokens = new List<string>();
        foreach (Match m in Token.Matches(text.ToLowerInvariant()))
            if (!removeStopWords || !Stop.Value.Contains(m.Value)) tokens.Add(m.Value);
        var buffer = new StringBuilder();
        for (var n = range.Min; n <= range.Max; n++)
            for (var i = 0; i + n <= tokens.Count; i++)
            {
                if (n == 1)
                {
                    sink(tokens[i]);
                    continue;
                }

                buffer.Clear().Append(tokens[i]);
                for (var k = 1; k < n; k++) buffer.Append(' ').Append(tokens[i + k]);
                sink(buffer.ToString());
            }
    }

    /// <summary>Calls <paramref name="sink"/> with each char_wb n-gram of <paramref name="text"/> in scikit-learn's order.</summary>
    public static void CharWbNgrams(string text, NgramRange range, NgramSink sink)
    {
        var lower = text.ToLowerInvariant();
        Span<char> stack = stackalloc char[256];
        var i = 0;
        while (i < lower.Length)
        {
            while (i < lower.Length && char.IsWhiteSpace(lower[i])) i++;
            var start = i;
            while (i < lower.Length && !char.IsWhiteSpace(lower[i])) i++;
            if (i == start) break;
            var length = i - start + 2;
            var padded = length <= stack.Length ? stack[..length] : new char[length];
            padded[0] = ' ';
            lower.AsSpan(start, i - start).CopyTo(padded[1..]);
            padded[^1] = ' ';
            for (var n = range.Min; n <= range.Max; n++)
            {
                if (length <= n)
                {
                    sink(padded); // the whole padded word, once, and no larger n (scikit-learn's "offset == 0: break")
                    break;
                }

                for (var offset = 0; offset + n <= length; offset++) sink(padded.Slice(offset, n));
            }
        }
    }

    private static HashSet<string> LoadStopWords()
    {
        const string name = "MarketLab.Experiments.english-stop-words.txt";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') words.Add(line.Trim());
        return words;
    }
}
