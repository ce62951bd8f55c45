using System.Text.Json;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Tests.Classification;
using MarketLab.Evaluation.Uplift;

namespace MarketLab.Evaluation.Tests.Uplift;

// Expected values: References/uplift.json, written by References/uplift.py, a numpy/pandas re-implementation of
// scikit-uplift 0.5.1 (uplift_curve, qini_curve, perfect_*_curve, uplift_auc_score, qini_auc_score, uplift_at_k,
// uplift_by_percentile, treatment_balance_curve) and causalml 0.15 (get_cumgain, get_qini, auuc_score, qini_score),
// neither of which is installable here.
public class UpliftReferenceTests
{
    private const string File = "uplift.json";
    private static JsonElement Case(int i) => ReferenceData.Load(File).GetProperty("cases")[i];
    public static IEnumerable<object[]> Cases => ReferenceData.Cases(File, "cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void CurvesMatchScikitUplift(int i)
    {
        var c = Case(i);
        double[] y = c.Array("y"), s = c.Array("s"), t = c.Array("t");
        AssertCurve(c, "uplift", UpliftCurves.UpliftCurve(y, s, t));
        AssertCurve(c, "qini", UpliftCurves.QiniCurve(y, s, t));
        AssertCurve(c, "perfect_uplift", UpliftCurves.PerfectUpliftCurve(y, t));
        AssertCurve(c, "perfect_qini", UpliftCurves.PerfectQiniCurve(y, t));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScoresMatchScikitUplift(int i)
    {
        var c = Case(i);
        double[] y = c.Array("y"), s = c.Array("s"), t = c.Array("t");
        double k = c.Number("k");
        Tolerance.Close(c.Number("uplift_auc"), UpliftScores.UpliftAuc(y, s, t), what: "uplift_auc_score");
        Tolerance.Close(c.Number("qini_auc"), UpliftScores.QiniCoefficient(y, s, t), what: "qini_auc_score");
        Tolerance.Close(c.Number("qini_auc_no_negative"), UpliftScores.QiniCoefficient(y, s, t, negativeEffect: false), what: "qini_auc_score(negative_effect=False)");
        Tolerance.Close(c.Number("uplift_at_k_overall"), UpliftScores.UpliftAtK(y, s, t, k, TargetingStrategy.Overall), what: "uplift@k overall");
        Tolerance.Close(c.Number("uplift_at_k_by_group"), UpliftScores.UpliftAtK(y, s, t, k, TargetingStrategy.ByGroup), what: "uplift@k by_group");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CausalMlNormalisationMatchesCausalMl(int i)
    {
        var c = Case(i);
        if (!c.TryGetProperty("causalml_auuc", out _)) return;   // tied scores: causalml's order is unspecified
        double[] y = c.Array("y"), s = c.Array("s"), t = c.Array("t");
        Tolerance.Close(c.Number("causalml_auuc"), UpliftScores.UpliftAuc(y, s, t, GainNormalization.CausalMl), what: "auuc_score");
        Tolerance.Close(c.Number("causalml_qini"), UpliftScores.QiniCoefficient(y, s, t, GainNormalization.CausalMl), what: "qini_score");
        var balance = UpliftCurves.TreatmentBalanceCurve(s, t, c.GetProperty("win").GetInt32());
        ClassificationReferenceTests.AssertSeries(c.Array("balance_x"), balance.Position, "balance position");
        ClassificationReferenceTests.AssertSeries(c.Array("balance_y"), balance.Balance, "balance");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BinsMatchUpliftByPercentile(int i)
    {
        var c = Case(i);
        double[] y = c.Array("y"), s = c.Array("s"), t = c.Array("t");
        int bins = c.GetProperty("bins").GetInt32();
        foreach (var (strategy, key) in new[] { (TargetingStrategy.Overall, "bins_overall"), (TargetingStrategy.ByGroup, "bins_by_group") })
        {
            var e = c.GetProperty(key);
            var result = UpliftByBins.Compute(y, s, t, bins, strategy);
            Assert.Equal(e.Array("n_t").Select(v => (long)v), result.Select(b => b.TreatedCount));
            Assert.Equal(e.Array("n_c").Select(v => (long)v), result.Select(b => b.ControlCount));
            Assert.Equal(e.Array("percentile"), result.Select(b => b.Percentile));
            Assert.All(result, b => Assert.Equal(AnalysisError.None, b.Error));
            ClassificationReferenceTests.AssertSeries(e.Array("r_t"), result.Select(b => b.TreatedRate).ToArray(), $"{key} treated rate");
            ClassificationReferenceTests.AssertSeries(e.Array("r_c"), result.Select(b => b.ControlRate).ToArray(), $"{key} control rate");
            ClassificationReferenceTests.AssertSeries(e.Array("uplift"), result.Select(b => b.Uplift).ToArray(), $"{key} uplift");
            ClassificationReferenceTests.AssertSeries(e.Array("std"), result.Select(b => b.StandardError).ToArray(), $"{key} std");
        }
    }

    /// <summary>
    /// Eight rows, scores 8..1 so the ranking is row order; (y, t) = (1,1) (0,0) (1,1) (0,1) (0,0) (1,0) (0,1) (0,0).
    /// Uplift curve (Yₜ/Nₜ − Y꜀/N꜀)·k: k=1: (1/1 − 0)·1 = 1 (no control yet: rate 0); k=2: (1 − 0/1)·2 = 2;
    /// k=3: (2/2 − 0)·3 = 3; k=4: (2/3 − 0)·4 = 8/3; k=5: (2/3 − 0/2)·5 = 10/3; k=6: (2/3 − 1/3)·6 = 2;
    /// k=7: (2/4 − 1/3)·7 = 7/6; k=8: (2/4 − 1/4)·8 = 2.
    /// Qini Yₜ − Y꜀·Nₜ/N꜀: 1, 1, 2, 2, 2, 2 − 1·3/3 = 1, 2 − 1·4/3 = 2/3, 2 − 1·4/4 = 1.
    /// uplift@0.5 overall: top 4 rows = 3 treated (2 responders), 1 control (0) → 2/3.
    /// causalml AUUC: both arms first seen at k = 2, so causalml interpolates the lift at k = 1 to ½ (gain ½);
    /// gains/|G(8)| summed over k = 0..8: (0 + ½ + 2 + 3 + 8/3 + 10/3 + 2 + 7/6 + 2)/2 = 25/3, over 9 rows = 25/27.
    /// </summary>
    [Fact]
    public void HandCase()
    {
        double[] y = [1, 0, 1, 0, 0, 1, 0, 0], s = [8, 7, 6, 5, 4, 3, 2, 1], t = [1, 0, 1, 1, 0, 0, 1, 0];
        ClassificationReferenceTests.AssertSeries([0, 1, 2, 3, 8.0 / 3, 10.0 / 3, 2, 7.0 / 6, 2], UpliftCurves.UpliftCurve(y, s, t).Gain, "uplift");
        ClassificationReferenceTests.AssertSeries([0, 1, 1, 2, 2, 2, 1, 2.0 / 3, 1], UpliftCurves.QiniCurve(y, s, t).Gain, "qini");
        Tolerance.Close(2.0 / 3, UpliftScores.UpliftAtK(y, s, t, 0.5));
        Tolerance.Close(25.0 / 27, UpliftScores.UpliftAuc(y, s, t, GainNormalization.CausalMl));
    }

    private static void AssertCurve(JsonElement c, string name, GainCurve curve)
    {
        ClassificationReferenceTests.AssertSeries(c.Array(name + "_x"), curve.Targeted, name + " x");
        ClassificationReferenceTests.AssertSeries(c.Array(name + "_y"), curve.Gain, name + " y");
    }
}
