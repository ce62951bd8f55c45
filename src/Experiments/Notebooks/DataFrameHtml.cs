using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// A <see cref="DataFrame"/> as the notebook's table: a header row of column names and one of column types, the first
/// <see cref="HeadRows"/> and last <see cref="TailRows"/> rows (all rows when there are at most
/// <see cref="HeadRows"/> + <see cref="TailRows"/>), and a caption with the row and column counts. The plain-text
/// form has the same rows, aligned.
/// </summary>
public static class DataFrameHtml
{
    public const int HeadRows = 10;
    public const int TailRows = 5;

    public static string Html(DataFrame frame)
    {
        var html = new StringBuilder("<table class=\"ml-table ml-dataframe\"><thead><tr><th></th>");
        foreach (DataFrameColumn column in frame.Columns)
            html.Append("<th>").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        html.Append("</tr><tr class=\"ml-types\"><th></th>");
        foreach (DataFrameColumn column in frame.Columns)
            html.Append("<th>").Append(WebUtility.HtmlEncode(column.DataType.Name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (long? row in Rows(frame.Rows.Count))
        {
            html.Append("<tr>");
            if (row is not { } r)
            {
                html.Append("<td>…</td>");
                for (int c = 0; c < frame.Columns.Count; c++) html.Append("<td>…</td>");
            }
            else
            {
                html.Append(CultureInfo.InvariantCulture, $"<th>{r}</th>");
                foreach (DataFrameColumn column in frame.Columns)
                    html.Append("<td>").Append(WebUtility.HtmlEncode(Cell(column[r]))).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"ml-caption\">{frame.Rows.Count:N0} rows × {frame.Columns.Count} columns</p>");
        return html.ToString();
    }

    public static string PlainText(DataFrame frame)
    {
        var rows = new List<string[]>();
        rows.Add(["", .. frame.Columns.Select(c => c.Name)]);
        rows.Add(["", .. frame.Columns.Select(c => c.DataType.Name)]);
        foreach (long? row in Rows(frame.Rows.Count))
            rows.Add(row is { } r ? [r.ToString(CultureInfo.InvariantCulture), .. frame.Columns.Select(c => Cell(c[r]))] : ["…", .. frame.Columns.Select(_ => "…")]);
        int[] widths = [.. Enumerable.Range(0, frame.Columns.Count + 1).Select(i => rows.Max(r => r[i].Length))];
        var text = new StringBuilder();
        foreach (string[] row in rows)
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        text.Append(CultureInfo.InvariantCulture, $"{frame.Rows.Count:N0} rows × {frame.Columns.Count} columns");
        return text.ToString();
    }

    /// <summary>The row indices shown, with null for the elision between head and tail.</summary>
    private static IEnumerable<long?> Rows(long count)
    {
        if (count <= HeadRows + TailRows)
        {
            for (long i = 0; i < count; i++) yield return i;
            yield break;
        }
        for (long i = 0; i < HeadRows; i++) yield return i;
        yield return null;
        for (long i = count - TailRows; i < count; i++) yield return i;
    }

    private static string Cell(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
