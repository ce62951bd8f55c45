namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Turns a Polyglot code cell into C# script text: a leading <c>#!csharp</c> / <c>#!c#</c> kernel line
/// is blanked (line numbers in diagnostics stay right); other kernels, other <c>#!</c> magic commands
/// and <c>#r "nuget: ..."</c> are reported as not supported yet.
/// </summary>
internal static class CellSource
{
    private static readonly string[] CSharpKernels = ["csharp", "c#", "C#"];

    public readonly record struct Prepared(string? Code, string? Error);

    public static Prepared Prepare(NotebookCell cell)
    {
        if (cell.KernelName is { } kernel && !CSharpKernels.Contains(kernel))
            return new(null, $"kernel '{kernel}' is not supported by marketlab notebook run (only csharp)");
        string[] lines = cell.Source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                string magic = line.Split(' ', 2)[0];
                if (magic is "#!csharp" or "#!c#" or "#!C#")
                {
                    lines[i] = "";
                    continue;
                }
                return new(null, $"line {i + 1}: the magic command '{magic}' is not supported yet by marketlab notebook run");
            }
            if (line.StartsWith("#r", StringComparison.Ordinal) && line[2..].TrimStart().StartsWith("\"nuget:", StringComparison.OrdinalIgnoreCase))
                return new(null, $"line {i + 1}: #r \"nuget: ...\" is not supported yet by marketlab notebook run; reference a local assembly with #r \"path.dll\"");
        }
        return new(string.Join('\n', lines), null);
    }
}
