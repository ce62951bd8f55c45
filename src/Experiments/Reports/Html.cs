using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MarketLab.Experiments.Reports;

/// <summary>
/// A small HTML builder: every piece of text from data goes through <see cref="Text"/> (HTML-escaped), markup
/// through <see cref="Raw"/>; SVG from <see cref="Charts"/> is inlined with <see cref="Svg"/>.
/// </summary>
public sealed partial class Html
{
    private int _clipIds;
    private readonly StringBuilder _sb = new();

    /// <summary>Escapes <c>&lt; &gt; &amp; " '</c>.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A number for tables: 4 significant digits, invariant culture, "–" for null.</summary>
    public static string Number(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";

    public Html Raw(string markup) { _sb.Append(markup); return this; }

    public Html Text(string? text) { _sb.Append(Escape(text)); return this; }

    /// <summary>An element with escaped text content: <c>&lt;tag class="..."&gt;text&lt;/tag&gt;</c>.</summary>
    public Html Element(string tag, string? text, string? cssClass = null)
    {
        _sb.Append('<').Append(tag);
        if (cssClass is not null) _sb.Append(" class=\"").Append(Escape(cssClass)).Append('"');
        _sb.Append('>').Append(Escape(text)).Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>A table with escaped header and cell texts.</summary>
    public Html Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, string? cssClass = null)
    {
        _sb.Append("<div class=\"scroll\">").Append(cssClass is null ? "<table>" : $"<table class=\"{Escape(cssClass)}\">").Append("<thead><tr>");
        foreach (string h in header) Element("th", h);
        _sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            _sb.Append("<tr>");
            foreach (string? cell in row) Element("td", cell);
            _sb.Append("</tr>");
        }
        _sb.Append("</tbody></table></div>");
        return this;
    }

    /// <summary>
    /// Inlines an SVG document produced by ScottPlot (its XML declaration dropped). ScottPlot names clip paths from a
    /// process-wide counter (<c>cl_3c</c>, …), so the same report rendered in another process would differ; the ids are
    /// renumbered in document order, which keeps them unique within the report and makes rendering reproducible.
    /// </summary>
    public Html Svg(string svg)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string body = ClipId().Replace(start >= 0 ? svg[start..] : svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out string? id)) ids[m.Value] = id = $"clip{++_clipIds}";
            return id;
        });
        _sb.Append("<figure>").Append(body).Append("</figure>");
        return this;
    }

    [GeneratedRegex(@"\bcl_[0-9a-f]+\b")]
    private static partial Regex ClipId();

    public override string ToString() => _sb.ToString();
}
