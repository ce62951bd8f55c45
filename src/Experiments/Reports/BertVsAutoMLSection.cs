using System.Globalization;
using MarketLab.Experiments.Runs.Candidates;
using MarketLab.Experiments.Runs.Statistics;

namespace MarketLab.Experiments.Reports;

/// <summary>
/// BERT versus AutoML, when a run has both kinds: held-out accuracy of each BERT candidate and of the best AutoML
/// candidate with 95% Wilson intervals, their cost side by side (training time, inference rows/s, model size),
/// McNemar's test of each BERT candidate against the best AutoML one, and the BERT learning curves. It renders the
/// run's stored <see cref="BertVsAutoMLComparison"/>; it computes none.
/// </summary>
internal sealed class BertVsAutoMLSection : IReportSection
{
    /// <summary>The BERT learning-curve charts this section draws (the curves section leaves them out when it applies).</summary>
    internal static readonly string[] LearningCurveCharts = [BertCandidate.LossChart, BertCandidate.AccuracyChart];

    public bool AppliesTo(ReportModel model) => Applies(model);

    /// <summary>Whether the run stored a BERT-versus-AutoML comparison, so this section is drawn.</summary>
    internal static bool Applies(ReportModel model) => model.Statistics.BertVsAutoML is not null;

    public void Render(ReportModel model, Html html)
    {
        var comparison = model.Statistics.BertVsAutoML!;
        var records = model.Completed.ToDictionary(c => c.Record.Name, StringComparer.Ordinal);
        html.Raw("<section><h2>BERT versus AutoML</h2>");
        html.Element("p", $"Each BERT candidate against the best AutoML candidate ({comparison.BestAutoML}, by held-out accuracy) on the same held-out rows.");
        html.Table(["candidate", "kind", "accuracy", "95% Wilson interval", "test rows", "train time (s)", "inference rows/s", "model size (MB)"],
            comparison.Accuracies.Select(a =>
            {
                var (record, outcome) = records[a.Name];
                return (IReadOnlyList<string?>)
                [
                    a.Name, a.Kind, Html.Number(a.Accuracy),
                    a.Wilson95 is { } w ? $"[{Html.Number(w.Lower)}, {Html.Number(w.Upper)}]" : "–",
                    a.TestRows?.ToString(CultureInfo.InvariantCulture) ?? "–",
                    Html.Number(outcome.Cost?.TrainSeconds ?? record.DurationSeconds), Html.Number(outcome.Cost?.InferenceRowsPerSecond),
                    outcome.Cost?.ModelBytes is long bytes ? Html.Number(bytes / 1e6) : "–",
                ];
            }));

        html.Element("h3", $"McNemar's test against {comparison.BestAutoML}");
        html.Table(["BERT candidate", "only BERT correct (b)", "only AutoML correct (c)", "exact p", "χ² p (continuity-corrected)", $"at α = {Html.Number(comparison.Alpha)}"],
            comparison.Tests.Select(t => (IReadOnlyList<string?>)(t.Problem is { } problem
                ? [t.Candidate, "–", "–", "–", "–", $"not tested: {problem}"]
                : [t.Candidate, t.OnlyCandidateCorrect.ToString(CultureInfo.InvariantCulture), t.OnlyReferenceCorrect.ToString(CultureInfo.InvariantCulture),
                   Html.Number(t.ExactPValue), Html.Number(t.CorrectedPValue), Verdict(t.Verdict)])));

        var bertNames = comparison.Tests.Select(t => t.Candidate).ToHashSet(StringComparer.Ordinal);
        foreach (string chart in LearningCurveCharts)
        {
            var series = model.Completed.Where(c => bertNames.Contains(c.Record.Name)).SelectMany(c => c.Outcome.Curves.Where(s => s.Chart == chart)).ToList();
            if (series.Count > 0) html.Svg(Charts.Curves(chart, series));
        }

        html.Raw("</section>");
    }

    private static string Verdict(Verdict? verdict) => verdict switch
    {
        Runs.Statistics.Verdict.CandidateBetter => "BERT significantly better",
        Runs.Statistics.Verdict.ReferenceBetter => "AutoML significantly better",
        _ => "no significant difference",
    };
}
