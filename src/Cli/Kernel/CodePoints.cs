namespace MarketLab.Cli.Kernel;

/// <summary>Jupyter counts cursor positions in Unicode code points (protocol 5.2+); .NET strings in UTF-16 units.</summary>
internal static class CodePoints
{
    public static int ToUtf16(string text, int codePoints)
    {
        int index = 0;
        for (int seen = 0; seen < codePoints && index < text.Length; seen++)
            index += char.IsSurrogatePair(text, index) ? 2 : 1;
        return index;
    }

    public static int FromUtf16(string text, int utf16)
    {
        int count = 0;
        for (int index = 0; index < utf16 && index < text.Length; count++)
            index += char.IsSurrogatePair(text, index) ? 2 : 1;
        return count;
    }
}
