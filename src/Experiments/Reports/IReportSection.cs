namespace MarketLab.Experiments.Reports;

/// <summary>
/// One section of the HTML report. <see cref="HtmlReport.DefaultSections"/> holds them all (summary, A/B lifts, curves,
/// classifiers, BERT vs AutoML). A section renders what the run store holds: the candidates' outcomes (with their
/// classifier statistics) and the run's statistics across candidates. It computes no statistic, so a report
/// re-rendered from the store (<c>marketlab runs report RUN</c>) shows the same numbers.
/// </summary>
public interface IReportSection
{
    /// <summary>Whether the section has anything to show for this run.</summary>
    bool AppliesTo(ReportModel model);

    /// <summary>Appends the section's HTML (escape all data text through <see cref="Html.Text"/>).</summary>
    void Render(ReportModel model, Html html);
}
