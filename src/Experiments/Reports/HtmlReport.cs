using MarketLab.Experiments.Runs;

namespace MarketLab.Experiments.Reports;

/// <summary>
/// Renders a run as one self-contained HTML file: inline CSS, inline SVG charts, no scripts and no external
/// requests, so it opens offline and can be mailed. All text from data is HTML-escaped.
/// </summary>
public static class HtmlReport
{
    /// <summary>The sections of this build, in order.</summary>
    public static IReadOnlyList<IReportSection> DefaultSections { get; } =
        [new WarningsSection(), new LeaderboardSection(), new NotesSection(), new AbSection(), new BertVsAutoMLSection(),
         new ClassifierSection(), new RecommendersSection(), new CurvesSection(), new EnvironmentSection()];

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#1d232a;line-height:1.45}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
        .meta{color:#57606a}table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
        th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
        figure{margin:.6rem 0}svg{max-width:100%;height:auto}
        .warnings{background:#fff8c5;border:1px solid #d4a72c;padding:.2rem 1rem;border-radius:6px}
        .bad{color:#a40e26}.ok{color:#1a7f37}pre{background:#f6f8fa;padding:.6rem;overflow:auto}
        table.environment thead{display:none}.scroll{overflow-x:auto}
        table.confusion td{text-align:right}
        """;

    /// <summary>The report's HTML.</summary>
    public static string Render(ReportModel model, IReadOnlyList<IReportSection>? sections = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var html = new Html();
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<title>").Text($"MarketLab: {model.Spec.Name}").Raw("</title><style>").Raw(Css).Raw("</style></head><body>");
        html.Element("h1", $"MarketLab experiment: {model.Spec.Name}");
        html.Element("p", $"Task {CandidateRegistry.Snake(model.Spec.Task)} on {(model.Spec.Dataset.Name is { } datasetName ? Data.Sql.SqlSource.ForDisplay(datasetName) : model.Spec.Dataset.Path)} · run {model.Run.Id} · {model.Run.Status.ToString().ToLowerInvariant()}", "meta");
        if (model.Spec.Description is { } description) html.Element("p", description);
        foreach (var section in sections ?? DefaultSections)
            if (section.AppliesTo(model)) section.Render(model, html);
        html.Raw("</body></html>\n");
        return html.ToString();
    }
}
