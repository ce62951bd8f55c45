using MarketLab.Experiments.Reports;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Tests.Reports;

/// <summary>
/// The report's classifier section on hand-made predictions. Reference numbers from sklearn 1.2 / statsmodels:
/// tests/Experiments.Tests/Reports/References/classifier_section.py (output quoted beside each assertion).
/// </summary>
public class ClassifierSectionTests
{
    // Binary: probabilities of class "yes"; predicted = p >= 0.5.
    private static readonly int[] BinaryTruth = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0];
    private static readonly double[] BinaryP = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.65, 0.55, 0.7, 0.05];

    private static ClassificationPredictions Binary(string positive = "yes") =>
        new(["no", positive], [.. BinaryTruth], BinaryP.Select(p => p >= 0.5 ? 1 : 0).ToList(), BinaryP.Select(p => new[] { 1 - p, p }).ToList());

    private static ClassificationPredictions ThreeClasses() =>
        new(["billing", "delivery", "refund"], [0, 0, 1, 1, 2, 2, 2, 0], [0, 1, 1, 1, 2, 0, 2, 0], null);

    internal static ReportModel Model(params (string Name, CandidateOutcome Outcome)[] candidates)
    {
        var spec = SpecLoader.Parse("""
            name: classifiers
            task: text_classification
            dataset: {name: "synthetic:reviews"}
            candidates: [{kind: automl}]
            """, "classifiers.yaml");
        var run = new RunRecord("run-1", "classifiers", "classifiers.yaml", spec.Text, spec.Sha256, "abc", new SortedDictionary<string, string>(),
            new SortedDictionary<string, string>(), 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, RunStatus.Completed);
        var records = candidates.Select((c, i) => new CandidateRecord("run-1", i, c.Name, "automl", CandidateStatus.Completed, c.Outcome, 1, null, DateTimeOffset.UnixEpoch)).ToArray();
        return StoredReportModel.Of(run, spec, records);
    }

    private static string Section(string html)
    {
        int start = html.IndexOf("<section class=\"classifiers\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "no classifier section");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void BinaryPredictionsGiveConfusionMatrixCurvesAndReliabilityWithReferenceNumbers()
    {
        var outcome = new CandidateOutcome { Predictions = Binary(), Cost = new CandidateCost(12.34, 5000, 3 * 1024 * 1024) };
        string section = Section(HtmlReport.Render(Model(("automl", outcome))));

        Assert.Equal(3, section.Split("<svg").Length - 1); // ROC, precision–recall, reliability
        Assert.Contains("ROC curve", section);
        Assert.Contains("Precision–recall curve", section);
        Assert.Contains("Reliability diagram", section);
        // sklearn: accuracy 0.8, macro_f1 0.8, auc 0.88, ap 0.9028571428571428, log_loss 0.42732832457893216, ece 0.17
        Assert.Contains("<td>automl</td><td>2</td><td>10</td><td>0.8</td><td>0.8</td><td>12.3</td><td>5,000</td><td>3.0 MiB</td>", section);
        Assert.Contains("<td>automl</td><td>0.88</td><td>0.9029</td><td>0.4273</td><td>0.17</td>", section);
        // confusion_matrix: [[4, 1], [1, 4]]; recall 0.8 per class
        Assert.Matches(@"<th>no</th><td style=""[^""]*"">4</td><td style=""[^""]*"">1</td><td>5</td><td>0.8</td>", section);
        Assert.Matches(@"<th>yes</th><td style=""[^""]*"">1</td><td style=""[^""]*"">4</td><td>5</td><td>0.8</td>", section);
        // calibration_curve bins: counts [2, 1, 2, 1, 2, 1, 1]; first bin prob_pred 0.075, prob_true 0, Wilson [0, 0.6576]
        Assert.Contains("<td>(0.0, 0.1]</td><td>2</td><td>0.075</td><td>0</td><td>[0, 0.6576]</td>", section);
        Assert.Contains("<td>(0.3, 0.4]</td><td>2</td><td>0.375</td><td>0.5</td><td>[0.09453, 0.9055]</td>", section);
        Assert.Equal(7, section.Split("<td>(").Length - 1); // seven non-empty bins
        Assert.Contains("positive class &#39;yes&#39;", section);
    }

    [Fact]
    public void MulticlassPredictionsGiveAFullConfusionMatrixAndNoBinaryCharts()
    {
        string section = Section(HtmlReport.Render(Model(("automl", new CandidateOutcome { Predictions = ThreeClasses() }))));
        Assert.DoesNotContain("<svg", section);
        // sklearn: confusion [[2, 1, 0], [0, 2, 0], [1, 0, 2]], accuracy 0.75, macro_f1 0.7555555555555555
        Assert.Contains("<td>automl</td><td>3</td><td>8</td><td>0.75</td><td>0.7556</td><td>–</td><td>–</td><td>–</td>", section);
        Assert.Matches(@"<th>billing</th><td[^>]*>2</td><td[^>]*>1</td><td[^>]*>0</td><td>3</td><td>0.6667</td>", section);
        Assert.Matches(@"<th>refund</th><td[^>]*>1</td><td[^>]*>0</td><td[^>]*>2</td><td>3</td><td>0.6667</td>", section);
    }

    [Fact]
    public void ManyClassesShowTheLargestConfusionsInsteadOfTheMatrix()
    {
        // 20 classes; class i is right 3 times and taken for class (i + 1) % 20 on i % 5 more rows.
        var classes = Enumerable.Range(0, 20).Select(i => $"intent_{i:00}").ToList();
        var truth = new List<int>();
        var predicted = new List<int>();
        for (int i = 0; i < 20; i++)
        {
            for (int r = 0; r < 3; r++) { truth.Add(i); predicted.Add(i); }
            for (int r = 0; r < i % 5; r++) { truth.Add(i); predicted.Add((i + 1) % 20); }
        }
        string section = Section(HtmlReport.Render(Model(("automl", new CandidateOutcome { Predictions = new(classes, truth, predicted, null) }))));
        Assert.DoesNotContain("class=\"confusion\"", section);
        Assert.Contains("20 classes: too many for the full 20 by 20 matrix", section);
        // Largest: classes 4, 9, 14, 19 confused 4 times each (share 4/7), in class order.
        Assert.Contains("<tr><td>intent_04</td><td>intent_05</td><td>4</td><td>0.5714</td></tr><tr><td>intent_09</td><td>intent_10</td><td>4</td>", section);
        Assert.Contains("<tr><td>intent_19</td><td>intent_00</td><td>4</td><td>0.5714</td></tr>", section);
        Assert.Equal(ClassifierSection.TopRows, System.Text.RegularExpressions.Regex.Count(section[section.IndexOf("confusion-top", StringComparison.Ordinal)..section.IndexOf("recall-worst", StringComparison.Ordinal)], "<tr><td>"));
        Assert.Contains("<tr><td>intent_04</td><td>7</td><td>0.4286</td><td>intent_05</td></tr>", section); // worst recall 3/7 first
    }

    [Fact]
    public void SectionIsAbsentWithoutPredictions()
    {
        var outcome = new CandidateOutcome { Curves = [new CurveSeries("AutoML search", "automl", "trial", "auc", [1, 2], [0.7, 0.8])] };
        outcome.Metrics["accuracy"] = 0.9;
        string html = HtmlReport.Render(Model(("automl", outcome)));
        Assert.DoesNotContain("class=\"classifiers\"", html);
        Assert.DoesNotContain("Reliability", html);
    }

    [Fact]
    public void BinaryChartsNeedBothClassesAmongTheHeldOutRows()
    {
        var oneClass = new ClassificationPredictions(["no", "yes"], [1, 1, 1], [1, 0, 1], [[0.2, 0.8], [0.6, 0.4], [0.1, 0.9]]);
        string section = Section(HtmlReport.Render(Model(("automl", new CandidateOutcome { Predictions = oneClass }))));
        Assert.DoesNotContain("<svg", section);
        Assert.Contains("confusion matrix", section);
    }

    [Fact]
    public void ClassNamesAreEscaped()
    {
        string html = HtmlReport.Render(Model(("<b>x</b>", new CandidateOutcome { Predictions = Binary("<script>alert(1)</script>") })));
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>x</b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void ScoresMatchSklearn()
    {
        // sklearn: confusion [[2, 1, 0], [0, 2, 0], [1, 0, 2]], accuracy 0.75, macro_f1 0.7555555555555555
        var p = ThreeClasses();
        Assert.Equal(new long[,] { { 2, 1, 0 }, { 0, 2, 0 }, { 1, 0, 2 } }, ClassificationScores.ConfusionMatrix(p));
        Assert.Equal(0.75, ClassificationScores.Accuracy(p), 12);
        Assert.Equal(0.7555555555555555, ClassificationScores.MacroF1(p), 12);
        Assert.Equal(0.8000000000000002, ClassificationScores.MacroF1(Binary()), 12);
        Assert.Throws<ArgumentException>(() => ClassificationScores.ConfusionMatrix(new(["a", "b"], [0, 2], [0, 1], null)));
    }
}
