using System.Globalization;
using System.Text;

namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>
/// Unicode canonical decomposition (NFD: decompose, then order combining marks by canonical combining class; Unicode
/// Standard section 3.11, Hangul syllables by the algorithm of section 3.12). The product runs with InvariantGlobalization,
/// where <see cref="string.Normalize(NormalizationForm)"/> leaves non-ASCII text as it is, so the table is our own:
/// unicode-nfd.txt, written by scripts/make_unicode_nfd_table.py from Python's unicodedata (Unicode 14.0).
/// </summary>
internal static class CanonicalDecomposition
{
    private const int HangulBase = 0xAC00, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
    private const int VowelCount = 21, TrailCount = 28, HangulCount = 11172;

    private static readonly Lazy<(Dictionary<int, int[]> Decompositions, Dictionary<int, byte> Classes)> Tables = new(Load);

    /// <summary>The NFD form of <paramref name="text"/>.</summary>
    public static string Decompose(string text)
    {
        var (decompositions, classes) = Tables.Value;
        var points = new List<int>(text.Length + 4);
        for (int i = 0; i < text.Length;)
        {
            Rune rune = BertCharacters.RuneAt(text, i);
            int cp = char.IsSurrogate(text[i]) && rune.Utf16SequenceLength == 1 ? text[i] : rune.Value;
            i += char.IsSurrogate(text[i]) && rune.Utf16SequenceLength == 2 ? 2 : 1;
            if (cp is >= HangulBase and < HangulBase + HangulCount)
            {
                int index = cp - HangulBase;
                points.Add(LeadBase + index / (VowelCount * TrailCount));
                points.Add(VowelBase + index % (VowelCount * TrailCount) / TrailCount);
                if (index % TrailCount != 0) points.Add(TrailBase + index % TrailCount);
            }
            else if (decompositions.TryGetValue(cp, out int[]? parts)) points.AddRange(parts);
            else points.Add(cp);
        }

        // Canonical ordering: a stable sort of each run of non-starters by combining class.
        for (int i = 1; i < points.Count; i++)
        {
            byte c = Class(classes, points[i]);
            if (c == 0) continue;
            int j = i;
            while (j > 0 && Class(classes, points[j - 1]) > c)
            {
                (points[j - 1], points[j]) = (points[j], points[j - 1]);
                j--;
            }
        }

        var builder = new StringBuilder(points.Count + 4);
        foreach (int cp in points)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) builder.Append((char)cp);
            else builder.Append(char.ConvertFromUtf32(cp));
        }

        return builder.ToString();
    }

    private static byte Class(Dictionary<int, byte> classes, int cp) => classes.TryGetValue(cp, out byte c) ? c : (byte)0;

    private static (Dictionary<int, int[]>, Dictionary<int, byte>) Load()
    {
        const string name = "MarketLab.Experiments.unicode-nfd.txt";
        using Stream stream = typeof(CanonicalDecomposition).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The assembly lacks its embedded resource {name}.");
        using var reader = new StreamReader(stream);
        var decompositions = new Dictionary<int, int[]>(2100);
        var classes = new Dictionary<int, byte>(1000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            string[] fields = line.Split(' ');
            int cp = int.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (fields[0] == "D") decompositions[cp] = fields[2..].Select(f => int.Parse(f, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            else classes[cp] = byte.Parse(fields[2], CultureInfo.InvariantCulture);
        }

        return (decompositions, classes);
    }
}
