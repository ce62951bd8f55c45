using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Turns a value into a MIME bundle: always text/plain; a Microsoft.Data.Analysis DataFrame as a table with column types
/// and row count (<see cref="DataFrameHtml"/>); image/svg+xml for an SVG string (an XML declaration before it is dropped); text/html from
/// a public <c>string ToHtml()</c> method, or a table for a sequence (one column per public property
/// of records and classes, one "value" column for scalars).
/// </summary>
public static class NotebookFormatter
{
    /// <summary>Rows shown in an HTML table; the rest are counted.</summary>
    public const int MaxTableRows = 200;

    public static IReadOnlyDictionary<string, string> Format(object? value)
    {
        if (value is Microsoft.Data.Analysis.DataFrame frame)
            return new Dictionary<string, string>(StringComparer.Ordinal) { ["text/plain"] = DataFrameHtml.PlainText(frame), ["text/html"] = DataFrameHtml.Html(frame) };
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["text/plain"] = PlainText(value) };
        switch (value)
        {
            case string s when SvgDocument(s) is { } svg:
                data["image/svg+xml"] = svg;
                break;
            case string:
                break;
            case not null when value.GetType().GetMethod("ToHtml", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { } toHtml
                               && toHtml.ReturnType == typeof(string):
                data["text/html"] = (string?)toHtml.Invoke(value, null) ?? "";
                break;
            case IEnumerable sequence:
                data["text/html"] = Table(sequence);
                break;
        }
        return data;
    }

    /// <summary>
    /// The SVG element of a string that is an SVG document (ScottPlot's <c>GetSvgXml</c> starts with an XML
    /// declaration, which is dropped so the SVG can be inlined in HTML), or null.
    /// </summary>
    private static string? SvgDocument(string s)
    {
        string text = s.TrimStart();
        if (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.IndexOf("?>", StringComparison.Ordinal) is > 0 and var end)
            text = text[(end + 2)..].TrimStart();
        return text.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) ? text : null;
    }

    private static string PlainText(object? value) => value switch
    {
        null => "null",
        string s => s,
        IEnumerable sequence when value is not IFormattable => "[" + string.Join(", ", sequence.Cast<object?>().Take(20).Select(Cell)) +
            (sequence.Cast<object?>().Skip(20).Any() ? ", ...]" : "]"),
        _ => Cell(value),
    };

    private static string Table(IEnumerable sequence)
    {
        var rows = sequence.Cast<object?>().ToList();
        Type? elementType = rows.FirstOrDefault(r => r is not null)?.GetType();
        PropertyInfo[] columns = elementType is null || IsScalar(elementType)
            ? []
            : [.. elementType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)];
        var html = new StringBuilder("<table class=\"ml-table\"><thead><tr>");
        foreach (string name in columns.Length == 0 ? ["value"] : columns.Select(c => c.Name))
            html.Append("<th>").Append(WebUtility.HtmlEncode(name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (object? row in rows.Take(MaxTableRows))
        {
            html.Append("<tr>");
            foreach (object? cell in columns.Length == 0 ? [row] : columns.Select(c => row is null ? null : c.GetValue(row)))
                html.Append("<td>").Append(WebUtility.HtmlEncode(Cell(cell))).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        if (rows.Count > MaxTableRows)
            html.Append(CultureInfo.InvariantCulture, $"<p>... {rows.Count - MaxTableRows} more rows</p>");
        return html.ToString();
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(Guid);

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
