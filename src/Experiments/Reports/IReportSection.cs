namespace MarketLab.Experiments.Reports;

/// <summary>
/// One section of the HTML report. <see cref="HtmlReport.DefaultSections"/> holds them all (summary, A/B lifts, curves,
/// classifiers, BERT vs AutoML). A section renders what its candidates stored in their outcomes (the classifier and
/// BERT-vs-AutoML sections still derive AUC, calibration and McNemar's test from the stored held-out predictions, so a
/// report re-rendered from the run store shows the same numbers).
/// </summary>
public interface IReportSection
{
    /// <summary>Whether the section has anything to show for this run.</summary>
    bool AppliesTo(ReportModel model);

    /// <summary>Appends the section's HTML (escape all data text through <see cref="Html.Text"/>).</summary>
    void Render(ReportModel model, Html html);
}
