using System.Globalization;
using MarketLab.Experiments.Runs.Statistics;
using MarketLab.Experiments.Runs;

namespace MarketLab.Experiments.Reports;

/// <summary>
/// Held-out results of every candidate that stored <see cref="CandidateOutcome.Predictions"/> (AutoML, BERT; text or
/// tabular): a summary with cost, the confusion matrix (in full up to <see cref="FullMatrixMaxClasses"/> classes,
/// else the largest confusions and the classes recalled worst), and for two classes with probabilities the ROC and
/// precision–recall curves and a reliability diagram with its bins. It renders the candidates' stored
/// <see cref="ClassifierStatistics"/>; it computes none.
/// </summary>
internal sealed class ClassifierSection : IReportSection
{
    /// <summary>Classes up to which the whole confusion matrix is drawn.</summary>
    public const int FullMatrixMaxClasses = 12;

    /// <summary>Rows of the largest-confusions and worst-recall tables for many classes.</summary>
    public const int TopRows = 15;

    public bool AppliesTo(ReportModel model) => Classifiers(model).Any();

    private static IEnumerable<(string Name, CandidateOutcome Outcome, ClassificationPredictions P, ClassifierStatistics S)> Classifiers(ReportModel model) =>
        model.Completed.Where(c => c.Outcome is { Predictions.Truth.Count: > 0, Classifier: not null })
            .Select(c => (c.Record.Name, c.Outcome, c.Outcome.Predictions!, c.Outcome.Classifier!));

    public void Render(ReportModel model, Html html)
    {
        var classifiers = Classifiers(model).ToList();
        html.Raw("<section class=\"classifiers\"><h2>Classifiers on the held-out rows</h2>");
        html.Table(["candidate", "classes", "test rows", "accuracy", "macro-F1", "train (s)", "scoring (rows/s)", "model size"],
            classifiers.Select(c => (IReadOnlyList<string?>)
            [
                c.Name, c.P.Classes.Count.ToString(CultureInfo.InvariantCulture), c.S.Rows.ToString(CultureInfo.InvariantCulture),
                Html.Number(c.S.Accuracy), Html.Number(c.S.MacroF1),
                c.Outcome.Cost is { } cost ? cost.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture) : "–",
                c.Outcome.Cost?.InferenceRowsPerSecond is { } rate ? rate.ToString("N0", CultureInfo.InvariantCulture) : "–",
                c.Outcome.Cost?.ModelBytes is { } bytes ? Size(bytes) : "–",
            ]), "classifier-summary");

        foreach (var (name, _, p, statistics) in classifiers)
        {
            html.Element("h3", $"{name}: confusion matrix");
            ConfusionMatrix(p.Classes, statistics.Confusion, html);
        }

        var binary = classifiers.Where(c => c.S.Binary is not null).Select(c => (c.Name, B: c.S.Binary!)).ToList();
        if (binary.Count == 0)
        {
            html.Raw("</section>");
            return;
        }
        html.Element("h3", $"Ranking and calibration (positive class '{binary[0].B.PositiveClass}')");
        html.Table(["candidate", "ROC AUC", "average precision", "log loss", "ECE", "MCE", "positive share"],
            binary.Select(s => (IReadOnlyList<string?>)
            [
                s.Name, Html.Number(s.B.RocAuc), Html.Number(s.B.AveragePrecision), Html.Number(s.B.LogLoss),
                Html.Number(s.B.Calibration.ExpectedCalibrationError), Html.Number(s.B.Calibration.MaximumCalibrationError), Html.Number(s.B.PositiveShare),
            ]), "ranking");
        html.Svg(Charts.UnitCurves("ROC curve (held-out rows)", "false positive rate", "true positive rate",
            binary.Select(s => (s.Name, s.B.Roc.FalsePositiveRate.ToArray(), s.B.Roc.TruePositiveRate.ToArray())).ToList(), (0, 0, 1, 1)));
        double baseRate = binary[0].B.PositiveShare;
        html.Svg(Charts.UnitCurves("Precision–recall curve (held-out rows)", "recall", "precision",
            binary.Select(s => (s.Name, s.B.PrecisionRecall.Recall.ToArray(), s.B.PrecisionRecall.Precision.ToArray())).ToList(),
            binary.All(s => s.B.PositiveShare == baseRate) ? (0, baseRate, 1, baseRate) : null));
        html.Svg(Charts.Reliability($"Reliability diagram ({binary[0].B.Calibration.BinCount} equal-width bins)", binary.Select(s => (s.Name, s.B.Calibration.Bins)).ToList()));
        foreach (var (name, b) in binary)
        {
            var report = b.Calibration;
            html.Element("h4", $"{name}: reliability bins (ECE {Html.Number(report.ExpectedCalibrationError)})");
            html.Table(["bin", "rows", "mean predicted", "observed rate", $"{(100 * report.ConfidenceLevel).ToString("0.#", CultureInfo.InvariantCulture)}% Wilson interval"],
                report.Bins.Select(bin => (IReadOnlyList<string?>)
                [
                    $"({bin.Lower.ToString("0.0#", CultureInfo.InvariantCulture)}, {bin.Upper.ToString("0.0#", CultureInfo.InvariantCulture)}]",
                    bin.Count.ToString(CultureInfo.InvariantCulture), Html.Number(bin.MeanPredicted), Html.Number(bin.ObservedRate),
                    $"[{Html.Number(bin.ObservedInterval.Lower)}, {Html.Number(bin.ObservedInterval.Upper)}]",
                ]), "reliability");
        }
        html.Raw("</section>");
    }

    private static void ConfusionMatrix(IReadOnlyList<string> classes, IReadOnlyList<IReadOnlyList<long>> counts, Html html)
    {
        int k = classes.Count;
        var rowTotals = Enumerable.Range(0, k).Select(i => counts[i].Sum()).ToArray();
        if (k <= FullMatrixMaxClasses)
        {
            // Rows are true classes, columns predicted ones; a cell's shade is its share of the true class.
            html.Raw("<div class=\"scroll\"><table class=\"confusion\"><thead><tr><th>true \\ predicted</th>");
            foreach (string c in classes) html.Element("th", c);
            html.Raw("<th>rows</th><th>recall</th></tr></thead><tbody>");
            for (int i = 0; i < k; i++)
            {
                html.Raw("<tr>").Element("th", classes[i]);
                for (int j = 0; j < k; j++)
                {
                    double share = rowTotals[i] == 0 ? 0 : counts[i][j] / (double)rowTotals[i];
                    string rgb = i == j ? "26,127,55" : "164,14,38";
                    html.Raw($"<td style=\"background:rgba({rgb},{(0.6 * share).ToString("0.###", CultureInfo.InvariantCulture)})\">")
                        .Text(counts[i][j].ToString(CultureInfo.InvariantCulture)).Raw("</td>");
                }
                html.Element("td", rowTotals[i].ToString(CultureInfo.InvariantCulture))
                    .Element("td", rowTotals[i] == 0 ? "–" : Html.Number(counts[i][i] / (double)rowTotals[i])).Raw("</tr>");
            }
            html.Raw("</tbody></table></div>");
            return;
        }
        html.Element("p", $"{k} classes: too many for the full {k} by {k} matrix; the {TopRows} largest confusions and the {TopRows} classes recalled worst.");
        var confusions = (from i in Enumerable.Range(0, k) from j in Enumerable.Range(0, k)
                          where i != j && counts[i][j] > 0
                          orderby counts[i][j] descending, i, j
                          select (True: i, Predicted: j, Count: counts[i][j])).Take(TopRows).ToList();
        html.Table(["true class", "predicted as", "rows", "share of the true class"],
            confusions.Select(c => (IReadOnlyList<string?>)[classes[c.True], classes[c.Predicted], c.Count.ToString(CultureInfo.InvariantCulture), Html.Number(c.Count / (double)rowTotals[c.True])]),
            "confusion-top");
        var worst = Enumerable.Range(0, k).Where(i => rowTotals[i] > 0)
            .Select(i => (Class: i, Recall: counts[i][i] / (double)rowTotals[i])).OrderBy(x => x.Recall).ThenBy(x => x.Class).Take(TopRows);
        html.Table(["class", "rows", "recall", "most often predicted instead"],
            worst.Select(w => (IReadOnlyList<string?>)
            [
                classes[w.Class], rowTotals[w.Class].ToString(CultureInfo.InvariantCulture), Html.Number(w.Recall),
                Enumerable.Range(0, k).Where(j => j != w.Class && counts[w.Class][j] > 0).OrderByDescending(j => counts[w.Class][j]).ThenBy(j => j)
                    .Select(j => classes[j]).FirstOrDefault() ?? "–",
            ]), "recall-worst");
    }

    private static string Size(long bytes) => bytes >= 1 << 20
        ? (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KiB";
}
