using MarketLab.Evaluation.Classification;
using MarketLab.Experiments.Reports;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Candidates;
using MarketLab.Experiments.Runs.Statistics;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Tests.Reports;

public class BertVsAutoMLSectionTests
{
    // 40 held-out rows: BERT right on rows 0-29, AutoML right on rows 0-19 and 30-33 (b = 10, c = 4).
    private static readonly int[] Truth = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
    private static readonly int[] BertPredicted = Truth.Select((t, i) => i < 30 ? t : 1 - t).ToArray();
    private static readonly int[] AutoMLPredicted = Truth.Select((t, i) => i < 20 || i is >= 30 and < 34 ? t : 1 - t).ToArray();

    private static CandidateOutcome Outcome(int[] predicted, CandidateCost cost, params CurveSeries[] curves)
    {
        var outcome = new CandidateOutcome
        {
            PrimaryMetric = "accuracy",
            Predictions = new ClassificationPredictions(["neg", "pos"], Truth.ToList(), predicted.ToList(), null),
            Cost = cost,
            Curves = curves.ToList(),
        };
        outcome.Metrics["accuracy"] = Enumerable.Range(0, 40).Count(i => predicted[i] == Truth[i]) / 40.0;
        outcome.Metrics["test_rows"] = 40;
        return outcome;
    }

    private static ReportModel Model(bool withBert, bool withAutoML, string bertName = "bert_tiny")
    {
        var spec = SpecLoader.Parse("""
            name: text
            task: text_classification
            dataset: {name: synthetic:reviews}
            candidates: [{kind: automl}, {kind: bert}]
            """, "text.yaml");
        var run = new RunRecord("run-1", "text", "text.yaml", spec.Text, spec.Sha256, "abc", new SortedDictionary<string, string>(), new SortedDictionary<string, string>(), 0,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, RunStatus.Completed);
        var candidates = new List<CandidateRecord>();
        if (withAutoML)
        {
            // A weaker AutoML candidate too: the section must pick the best by accuracy.
            candidates.Add(new CandidateRecord("run-1", 0, "automl_weak", "automl", CandidateStatus.Completed,
                Outcome(Truth.Select(t => 1 - t).ToArray(), new CandidateCost(1, 5000, 1000)), 1, null, DateTimeOffset.UnixEpoch));
            candidates.Add(new CandidateRecord("run-1", 1, "automl", "automl", CandidateStatus.Completed,
                Outcome(AutoMLPredicted, new CandidateCost(2.5, 20000, 50_000)), 2, null, DateTimeOffset.UnixEpoch));
        }

        if (withBert)
        {
            var loss = new CurveSeries(BertCandidate.LossChart, bertName, "epoch", "loss", [1, 2], [0.7, 0.5]);
            var accuracy = new CurveSeries(BertCandidate.AccuracyChart, bertName, "epoch", "accuracy", [1, 2], [0.6, 0.7]);
            candidates.Add(new CandidateRecord("run-1", 2, bertName, "bert", CandidateStatus.Completed,
                Outcome(BertPredicted, new CandidateCost(42, 900, 17_600_000), loss, accuracy), 43, null, DateTimeOffset.UnixEpoch));
        }

        return StoredReportModel.Of(run, spec, candidates);
    }

    [Fact]
    public void RendersWithBothKindsAndMcNemarMatchesADirectCall()
    {
        string html = HtmlReport.Render(Model(withBert: true, withAutoML: true));
        Assert.Contains("<h2>BERT versus AutoML</h2>", html);

        double[] y = Truth.Select(t => (double)t).ToArray();
        var exact = McNemarTest.Compare(y, BertPredicted.Select(p => (double)p).ToArray(), AutoMLPredicted.Select(p => (double)p).ToArray());
        var corrected = McNemarTest.Compare(y, BertPredicted.Select(p => (double)p).ToArray(), AutoMLPredicted.Select(p => (double)p).ToArray(), McNemarMethod.ChiSquareCorrected);
        Assert.Equal((10L, 4L), (exact.OnlyACorrect, exact.OnlyBCorrect));
        Assert.Equal(0.1795654296875, exact.PValue, 1e-12); // statsmodels mcnemar(exact=True), References/bert_vs_automl.py
        Assert.Equal(0.18144920772141646, corrected.PValue, 1e-9); // mcnemar(exact=False, correction=True)
        Assert.Contains($"<td>bert_tiny</td><td>10</td><td>4</td><td>{Html.Number(exact.PValue)}</td><td>{Html.Number(corrected.PValue)}</td><td>no significant difference</td>", html);

        var stored = Model(true, true).Statistics.BertVsAutoML!;
        Assert.Equal("automl", stored.BestAutoML);
        var test = Assert.Single(stored.Tests);
        Assert.Equal((exact.OnlyACorrect, exact.OnlyBCorrect, exact.PValue, corrected.PValue), (test.OnlyCandidateCorrect, test.OnlyReferenceCorrect, test.ExactPValue!.Value, test.CorrectedPValue!.Value));
        Assert.Equal(Verdict.NoSignificantDifference, test.Verdict);

        // Accuracy 24/40 for the best AutoML (not automl_weak), with the Wilson interval and the cost columns.
        Assert.Contains("<td>automl</td><td>automl</td><td>0.6</td>", html);
        Assert.Contains("<td>bert_tiny</td><td>bert</td><td>0.75</td>", html);
        Assert.Contains("<td>42</td><td>900</td><td>17.6</td>", html);
        Assert.Contains(BertCandidate.LossChart, html);
        Assert.Contains(BertCandidate.AccuracyChart, html);
    }

    [Fact]
    public void WilsonIntervalMatchesStatsmodels()
    {
        // statsmodels 0.13.5 proportion_confint(30, 40, alpha=0.05, method="wilson") = (0.5980604, 0.8581288) and
        // (24, 40) = (0.4459589, 0.7365167): tests/Experiments.Tests/Reports/References/bert_vs_automl.py.
        string html = HtmlReport.Render(Model(true, true));
        Assert.Contains("<td>[0.5981, 0.8581]</td>", html);
        Assert.Contains("<td>[0.446, 0.7365]</td>", html);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void AbsentWithoutBothKinds(bool withBert, bool withAutoML)
    {
        var model = Model(withBert, withAutoML);
        Assert.False(new BertVsAutoMLSection().AppliesTo(model));
        Assert.DoesNotContain("BERT versus AutoML", HtmlReport.Render(model));
    }

    [Fact]
    public void UnpairedPredictionsAreNotTested()
    {
        var model = Model(true, true);
        var bert = model.Candidates[2];
        var other = model.Candidates[1] with { Outcome = bert.Outcome! with { Predictions = bert.Outcome.Predictions! with { Truth = Truth.Reverse().ToList() } } };
        var test = BertVsAutoMLComparison.McNemar(bert, other, 0.05);
        Assert.Null(test.ExactPValue);
        Assert.Contains("not on the same held-out rows", test.Problem);
    }

    [Fact]
    public void CandidateNamesAreEscaped()
    {
        string html = HtmlReport.Render(Model(true, true, bertName: "<script>alert(1)</script>"));
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }
}
