using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Papermill-style parameters: the overrides become a cell tagged <c>injected-parameters</c> inserted
/// right after the first code cell tagged <c>parameters</c> (at the top when there is none). Each value
/// is read as a C# literal: bool, int, long, double, else a string.
/// </summary>
public static class NotebookParameters
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>Inserts the parameters cell; returns its index, or -1 when there are no parameters.</summary>
    public static int Inject(Notebook notebook, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0) return -1;
        var source = new StringBuilder("// Parameters injected by marketlab notebook run\n");
        foreach (var (name, value) in parameters)
        {
            if (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
                throw new ArgumentException($"parameter name '{name}' is not a C# identifier", nameof(parameters));
            source.Append("var ").Append(name).Append(" = ").Append(Literal(value)).Append(";\n");
        }
        NotebookCell cell = NotebookCell.Code(source.ToString().TrimEnd('\n'), InjectedTag);
        while (notebook.Cells.Any(c => c.Id == cell.Id)) cell.Id = NotebookCell.NewId();
        int after = notebook.Cells.FindIndex(c => c.CellType == NotebookCellType.Code && c.Tags.Contains(ParametersTag));
        notebook.Cells.Insert(after + 1, cell);
        return after + 1;
    }

    /// <summary>Parses <c>name=value</c> (the value may contain '=').</summary>
    public static KeyValuePair<string, string> Parse(string assignment)
    {
        int equals = assignment.IndexOf('=');
        if (equals <= 0)
            throw new ArgumentException($"parameter '{assignment}' is not name=value", nameof(assignment));
        return KeyValuePair.Create(assignment[..equals].Trim(), assignment[(equals + 1)..]);
    }

    /// <summary>The C# literal for a command-line value.</summary>
    public static string Literal(string value)
    {
        var inv = CultureInfo.InvariantCulture;
        if (bool.TryParse(value, out bool b)) return b ? "true" : "false";
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, inv, out int i)) return i.ToString(inv);
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, inv, out long l)) return l.ToString(inv) + "L";
        if (double.TryParse(value, NumberStyles.Float, inv, out double d) && double.IsFinite(d))
        {
            string r = d.ToString("R", inv);
            return r.Contains('.') || r.Contains('E') ? r : r + ".0";
        }
        return SymbolDisplay.FormatLiteral(value, quote: true);
    }
}
