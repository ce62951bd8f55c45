using System.Text.Json;
using MarketLab.Evaluation.Classification;

namespace MarketLab.Evaluation.Tests.Classification;

// Expected values: References/classification.json, written by References/classification.py from scikit-learn
// 1.2.1 (roc_auc_score, roc_curve, precision_recall_curve, average_precision_score, log_loss,
// calibration_curve), statsmodels 0.13.5 (mcnemar, proportion_confint wilson) and a numpy DeLong after
// yandexdataschool/roc_comparison (fastDeLong).
public class ClassificationReferenceTests
{
    private const string File = "classification.json";
    private static JsonElement Case(string section, int i) => ReferenceData.Load(File).GetProperty(section)[i];

    public static IEnumerable<object[]> RankingCases => ReferenceData.Cases(File, "ranking");
    public static IEnumerable<object[]> ProbabilityCases => ReferenceData.Cases(File, "probability");
    public static IEnumerable<object[]> CalibrationCases => ReferenceData.Cases(File, "calibration");
    public static IEnumerable<object[]> DeLongCases => ReferenceData.Cases(File, "delong");
    public static IEnumerable<object[]> McNemarCases => ReferenceData.Cases(File, "mcnemar");

    private static double[] Weights(JsonElement c) =>
        c.GetProperty("w").ValueKind == JsonValueKind.Null ? [] : c.Array("w");

    [Theory]
    [MemberData(nameof(RankingCases))]
    public void RocAucMatchesSklearn(int i)
    {
        var c = Case("ranking", i);
        Tolerance.Close(c.Number("auc"), RankingMetrics.RocAuc(c.Array("y"), c.Array("s"), Weights(c)));
    }

    [Theory]
    [MemberData(nameof(RankingCases))]
    public void RocCurveMatchesSklearn(int i)
    {
        var c = Case("ranking", i);
        var curve = RankingMetrics.RocCurve(c.Array("y"), c.Array("s"), Weights(c));
        AssertSeries(c.Array("fpr"), curve.FalsePositiveRate, "fpr");
        AssertSeries(c.Array("tpr"), curve.TruePositiveRate, "tpr");
        AssertSeries(c.Array("roc_thresholds"), curve.Thresholds.Skip(1).ToArray(), "threshold");
        Assert.Equal(double.PositiveInfinity, curve.Thresholds[0]);
    }

    [Theory]
    [MemberData(nameof(RankingCases))]
    public void PrecisionRecallCurveMatchesSklearn(int i)
    {
        var c = Case("ranking", i);
        var curve = RankingMetrics.PrecisionRecallCurve(c.Array("y"), c.Array("s"), Weights(c));
        AssertSeries(c.Array("precision"), curve.Precision, "precision");
        AssertSeries(c.Array("recall"), curve.Recall, "recall");
        AssertSeries(c.Array("pr_thresholds"), curve.Thresholds, "threshold");
    }

    [Theory]
    [MemberData(nameof(RankingCases))]
    public void AveragePrecisionMatchesSklearn(int i)
    {
        var c = Case("ranking", i);
        Tolerance.Close(c.Number("ap"), RankingMetrics.AveragePrecision(c.Array("y"), c.Array("s"), Weights(c)));
    }

    [Theory]
    [MemberData(nameof(ProbabilityCases))]
    public void LogLossNormalizedEntropyAndCalibrationRatioMatchReference(int i)
    {
        var c = Case("probability", i);
        double[] y = c.Array("y"), p = c.Array("p"), w = c.Array("w");
        double eps = c.Number("eps");
        Tolerance.Close(c.Number("log_loss"), ProbabilityMetrics.LogLoss(y, p, epsilon: eps), what: "log loss");
        Tolerance.Close(c.Number("log_loss_w"), ProbabilityMetrics.LogLoss(y, p, w, eps), what: "weighted log loss");
        Tolerance.Close(c.Number("ne"), ProbabilityMetrics.NormalizedEntropy(y, p, epsilon: eps), what: "NE");
        Tolerance.Close(c.Number("ne_w"), ProbabilityMetrics.NormalizedEntropy(y, p, w, eps), what: "weighted NE");
        Tolerance.Close(c.Number("calibration"), ProbabilityMetrics.CalibrationRatio(y, p), what: "calibration");
        Tolerance.Close(c.Number("calibration_w"), ProbabilityMetrics.CalibrationRatio(y, p, w), what: "weighted calibration");
    }

    [Theory]
    [MemberData(nameof(CalibrationCases))]
    public void ReliabilityBinsMatchSklearnCalibrationCurve(int i)
    {
        var c = Case("calibration", i);
        var report = ProbabilityMetrics.Calibration(c.Array("y"), c.Array("p"), c.GetProperty("bins").GetInt32());
        Assert.Equal(c.Array("index").Select(v => (int)v), report.Bins.Select(b => b.Index));
        Assert.Equal(c.Array("count").Select(v => (long)v), report.Bins.Select(b => b.Count));
        AssertSeries(c.Array("prob_true"), report.Bins.Select(b => b.ObservedRate).ToArray(), "observed");
        AssertSeries(c.Array("prob_pred"), report.Bins.Select(b => b.MeanPredicted).ToArray(), "predicted");
        AssertSeries(c.Array("lo"), report.Bins.Select(b => b.ObservedInterval.Lower).ToArray(), "wilson lower");
        AssertSeries(c.Array("hi"), report.Bins.Select(b => b.ObservedInterval.Upper).ToArray(), "wilson upper");
        Tolerance.Close(c.Number("ece"), report.ExpectedCalibrationError, what: "ECE");
        Tolerance.Close(c.Number("mce"), report.MaximumCalibrationError, what: "MCE");
    }

    [Theory]
    [MemberData(nameof(DeLongCases))]
    public void DeLongMatchesFastDeLongReference(int i)
    {
        var c = Case("delong", i);
        var r = DeLongTest.Compare(c.Array("y"), c.Array("a"), c.Array("b"));
        Tolerance.Close(c.Number("auc_a"), r.AucA, what: "AUC A");
        Tolerance.Close(c.Number("sklearn_auc_a"), r.AucA, what: "AUC A vs sklearn");
        Tolerance.Close(c.Number("auc_b"), r.AucB, what: "AUC B");
        Tolerance.Close(c.Number("se"), r.StandardError, what: "SE");
        Tolerance.Close(c.Number("z"), r.Z, what: "z");
        Tolerance.Close(c.Number("p"), r.PValue, what: "p");
        Tolerance.Close(c.Number("lo"), r.ConfidenceInterval.Lower, what: "lower");
        Tolerance.Close(c.Number("hi"), r.ConfidenceInterval.Upper, what: "upper");
    }

    [Theory]
    [MemberData(nameof(McNemarCases))]
    public void McNemarMatchesStatsmodels(int i)
    {
        var c = Case("mcnemar", i);
        long b = c.GetProperty("b").GetInt64(), k = c.GetProperty("c").GetInt64();
        var exact = McNemarTest.FromCounts(b, k, McNemarMethod.ExactBinomial);
        var chi = McNemarTest.FromCounts(b, k, McNemarMethod.ChiSquare);
        var corrected = McNemarTest.FromCounts(b, k, McNemarMethod.ChiSquareCorrected);
        Tolerance.Close(c.Number("exact_stat"), exact.Statistic, what: "exact statistic");
        Tolerance.Close(c.Number("exact_p"), exact.PValue, what: "exact p");
        Tolerance.Close(c.Number("chi_stat"), chi.Statistic, what: "chi2");
        Tolerance.Close(c.Number("chi_p"), chi.PValue, what: "chi2 p");
        Tolerance.Close(c.Number("chic_stat"), corrected.Statistic, what: "corrected chi2");
        Tolerance.Close(c.Number("chic_p"), corrected.PValue, what: "corrected chi2 p");
    }

    internal static void AssertSeries(double[] expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int k = 0; k < expected.Length; k++) Tolerance.Close(expected[k], actual[k], what: $"{what}[{k}]");
    }
}
