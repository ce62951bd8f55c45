using MarketLab.Evaluation.Distributions;
using System.Globalization;
using MarketLab.Evaluation.Classification;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Candidates;
using MarketLab.Experiments.Runs.Store;
using MarketLab.Evaluation;

namespace MarketLab.Experiments.Reports;

/// <summary>
/// BERT versus AutoML, when a run has both kinds: held-out accuracy of each BERT candidate and of the best AutoML
/// candidate with 95% Wilson intervals (Wilson 1927), their cost side by side (training time, inference rows/s,
/// model size), McNemar's test (McNemar 1947; Dietterich 1998) of each BERT candidate against the best AutoML one on
/// the paired held-out predictions (exact binomial and continuity-corrected χ², as statsmodels' <c>mcnemar</c>),
/// and the BERT learning curves.
/// </summary>
internal sealed class BertVsAutoMLSection : IReportSection
{
    /// <summary>The BERT learning-curve charts this section draws (the curves section leaves them out when it applies).</summary>
    internal static readonly string[] LearningCurveCharts = [BertCandidate.LossChart, BertCandidate.AccuracyChart];

    public bool AppliesTo(ReportModel model) => Applies(model);

    /// <summary>Whether a run has both a BERT and an AutoML candidate, so this section is drawn.</summary>
    internal static bool Applies(ReportModel model) => Bert(model).Any() && BestAutoML(model) is not null;

    public void Render(ReportModel model, Html html)
    {
        var best = BestAutoML(model)!.Value;
        var bert = Bert(model).ToList();
        html.Raw("<section><h2>BERT versus AutoML</h2>");
        html.Element("p", $"Each BERT candidate against the best AutoML candidate ({best.Record.Name}, by held-out accuracy) on the same held-out rows.");
        html.Table(["candidate", "kind", "accuracy", "95% Wilson interval", "test rows", "train time (s)", "inference rows/s", "model size (MB)"],
            bert.Prepend(best).Select(c => (IReadOnlyList<string?>)
            [
                c.Record.Name, c.Record.Kind, Html.Number(Accuracy(c.Outcome)), Interval(c.Outcome),
                c.Outcome.Metrics.TryGetValue("test_rows", out double n) ? n.ToString("F0", CultureInfo.InvariantCulture) : "–",
                Html.Number(c.Outcome.Cost?.TrainSeconds ?? c.Record.DurationSeconds), Html.Number(c.Outcome.Cost?.InferenceRowsPerSecond),
                c.Outcome.Cost?.ModelBytes is long bytes ? Html.Number(bytes / 1e6) : "–",
            ]));

        html.Element("h3", $"McNemar's test against {best.Record.Name}");
        html.Table(["BERT candidate", "only BERT correct (b)", "only AutoML correct (c)", "exact p", "χ² p (continuity-corrected)", $"at α = {Html.Number(model.Spec.Evaluation.Alpha)}"],
            bert.Select(c => McNemarRow(c, best, model.Spec.Evaluation.Alpha)));

        foreach (string chart in LearningCurveCharts)
        {
            var series = bert.SelectMany(c => c.Outcome.Curves.Where(s => s.Chart == chart)).ToList();
            if (series.Count > 0) html.Svg(Charts.Curves(chart, series));
        }

        html.Raw("</section>");
    }

    /// <summary>
    /// McNemar's test of BERT candidate <paramref name="bert"/> against <paramref name="automl"/>; null (with the reason)
    /// when either lacks held-out predictions or they are not on the same rows.
    /// </summary>
    internal static (McNemarResult? Exact, McNemarResult? Corrected, string? Problem) Compare(CandidateOutcome bert, CandidateOutcome automl)
    {
        if (bert.Predictions is not { } a || automl.Predictions is not { } b) return (null, null, "no stored held-out predictions");
        if (!a.Truth.SequenceEqual(b.Truth) || !a.Classes.SequenceEqual(b.Classes)) return (null, null, "the predictions are not on the same held-out rows");
        long onlyA = 0, onlyB = 0;
        for (int i = 0; i < a.Truth.Count; i++)
        {
            bool rightA = a.Predicted[i] == a.Truth[i], rightB = b.Predicted[i] == b.Truth[i];
            if (rightA && !rightB) onlyA++;
            else if (rightB && !rightA) onlyB++;
        }

        return (McNemarTest.FromCounts(onlyA, onlyB, McNemarMethod.ExactBinomial), McNemarTest.FromCounts(onlyA, onlyB, McNemarMethod.ChiSquareCorrected), null);
    }

    private static IReadOnlyList<string?> McNemarRow((CandidateRecord Record, CandidateOutcome Outcome) bert, (CandidateRecord Record, CandidateOutcome Outcome) best, double alpha)
    {
        var (exact, corrected, problem) = Compare(bert.Outcome, best.Outcome);
        if (exact is null) return [bert.Record.Name, "–", "–", "–", "–", $"not tested: {problem}"];
        string verdict = exact.PValue < alpha
            ? (exact.OnlyACorrect > exact.OnlyBCorrect ? "BERT significantly better" : "AutoML significantly better")
            : "no significant difference";
        return [bert.Record.Name, exact.OnlyACorrect.ToString(CultureInfo.InvariantCulture), exact.OnlyBCorrect.ToString(CultureInfo.InvariantCulture),
            Html.Number(exact.PValue), Html.Number(corrected!.PValue), verdict];
    }

    private static IEnumerable<(CandidateRecord Record, CandidateOutcome Outcome)> Bert(ReportModel model) =>
        model.Completed.Where(c => c.Record.Kind == "bert");

    private static (CandidateRecord Record, CandidateOutcome Outcome)? BestAutoML(ReportModel model) =>
        model.Completed.Where(c => c.Record.Kind == "automl" && Accuracy(c.Outcome) is not null)
            .OrderByDescending(c => Accuracy(c.Outcome)).ThenBy(c => c.Record.Position)
            .Select(c => ((CandidateRecord, CandidateOutcome)?)c).FirstOrDefault();

    private static double? Accuracy(CandidateOutcome outcome) =>
        outcome.Predictions is { Truth.Count: > 0 } p ? (double)Correct(p) / p.Truth.Count
        : outcome.Metrics.TryGetValue("accuracy", out double a) ? a : null;

    private static int Correct(ClassificationPredictions p) => Enumerable.Range(0, p.Truth.Count).Count(i => p.Truth[i] == p.Predicted[i]);

    private static string Interval(CandidateOutcome outcome)
    {
        long n, correct;
        if (outcome.Predictions is { Truth.Count: > 0 } p) (n, correct) = (p.Truth.Count, Correct(p));
        else if (outcome.Metrics.TryGetValue("accuracy", out double a) && outcome.Metrics.TryGetValue("test_rows", out double rows) && rows >= 1)
            (n, correct) = ((long)rows, (long)Math.Round(a * rows));
        else return "–";
        var (low, high) = BinomialInterval.WilsonCounts(correct, n);
        return $"[{Html.Number(low)}, {Html.Number(high)}]";
    }
}
