using System.Text.Json;
using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Tests.AbTesting;

// Expected values: References/ab_frequentist.json, written by References/ab_frequentist.py from
// statsmodels 0.13.5 (proportions_ztest, confint_proportions_2indep) and scipy 1.10 (ttest_ind,
// ttest_ind_from_stats, t.ppf, norm); the ratio and CUPED formulas are re-implemented in numpy there.
public class FrequentistReferenceTests
{
    private const string File = "ab_frequentist.json";
    private static JsonElement Case(string section, int i) => ReferenceData.Load(File).GetProperty(section)[i];

    public static IEnumerable<object[]> ProportionCases => ReferenceData.Cases(File, "proportion");
    public static IEnumerable<object[]> WelchCases => ReferenceData.Cases(File, "welch");
    public static IEnumerable<object[]> RatioCases => ReferenceData.Cases(File, "ratio");
    public static IEnumerable<object[]> CupedCases => ReferenceData.Cases(File, "cuped");
    public static IEnumerable<object[]> CupedRatioCases => ReferenceData.Cases(File, "cuped_ratio");

    [Theory]
    [MemberData(nameof(ProportionCases))]
    public void TwoProportionZTestMatchesStatsmodels(int i)
    {
        var c = Case("proportion", i);
        long xc = c.GetProperty("xc").GetInt64(), nc = c.GetProperty("nc").GetInt64();
        long xt = c.GetProperty("xt").GetInt64(), nt = c.GetProperty("nt").GetInt64();
        var control = MetricEstimator.Estimate(Bernoulli(xc, nc), MetricKind.Proportion, false);
        var treatment = MetricEstimator.Estimate(Bernoulli(xt, nt), MetricKind.Proportion, false);
        var effect = EffectEstimate.Compute(control, treatment, pooledNullVariance: true);
        var result = FrequentistTest.Evaluate(effect, 0.05, ParseAlternative(c.GetProperty("alternative").GetString()!));

        Tolerance.Close(c.Number("z"), result.Statistic, what: "z");
        Tolerance.Close(c.Number("p"), result.PValue, what: "p");
        Tolerance.Close(c.Bound("lo", double.NegativeInfinity), result.AbsoluteInterval.Lower, what: "lower");
        Tolerance.Close(c.Bound("hi", double.PositiveInfinity), result.AbsoluteInterval.Upper, what: "upper");
    }

    [Theory]
    [MemberData(nameof(WelchCases))]
    public void WelchTTestMatchesScipy(int i)
    {
        var c = Case("welch", i);
        var control = MetricEstimator.Estimate(FromMoments(c.Number("mc"), c.Number("sc"), (long)c.Number("nc")), MetricKind.Mean, false);
        var treatment = MetricEstimator.Estimate(FromMoments(c.Number("mt"), c.Number("st"), (long)c.Number("nt")), MetricKind.Mean, false);
        var effect = EffectEstimate.Compute(control, treatment);
        var result = FrequentistTest.Evaluate(effect, 0.05, ParseAlternative(c.GetProperty("alternative").GetString()!));

        Tolerance.Close(c.Number("df"), effect.DegreesOfFreedom, what: "df");
        Tolerance.Close(c.Number("t"), result.Statistic, what: "t");
        Tolerance.Close(c.Number("p"), result.PValue, what: "p");
        Tolerance.Close(c.Bound("lo", double.NegativeInfinity), result.AbsoluteInterval.Lower, what: "lower");
        Tolerance.Close(c.Bound("hi", double.PositiveInfinity), result.AbsoluteInterval.Upper, what: "upper");
    }

    [Theory]
    [MemberData(nameof(RatioCases))]
    public void DeltaMethodRatioTestMatchesReference(int i)
    {
        var c = Case("ratio", i);
        var control = MetricEstimator.Estimate(Rows(c.Array("control_num"), c.Array("control_den")), MetricKind.Ratio, false);
        var treatment = MetricEstimator.Estimate(Rows(c.Array("treatment_num"), c.Array("treatment_den")), MetricKind.Ratio, false);
        var effect = EffectEstimate.Compute(control, treatment);
        var result = FrequentistTest.Evaluate(effect);

        Assert.True(double.IsPositiveInfinity(effect.DegreesOfFreedom));
        Tolerance.Close(c.Number("rc"), effect.ControlValue, what: "control ratio");
        Tolerance.Close(c.Number("rt"), effect.TreatmentValue, what: "treatment ratio");
        Tolerance.Close(c.Number("z"), result.Statistic, what: "z");
        Tolerance.Close(c.Number("p"), result.PValue, what: "p");
        Tolerance.Close(c.Number("lo"), result.AbsoluteInterval.Lower, what: "lower");
        Tolerance.Close(c.Number("hi"), result.AbsoluteInterval.Upper, what: "upper");
        Tolerance.Close(c.Number("rel"), effect.Relative, what: "relative lift");
        Tolerance.Close(c.Number("rel_lo"), result.RelativeInterval.Lower, what: "relative lower");
        Tolerance.Close(c.Number("rel_hi"), result.RelativeInterval.Upper, what: "relative upper");
    }

    [Theory]
    [MemberData(nameof(CupedCases))]
    public void CupedMatchesWelchOnAdjustedRows(int i)
    {
        var c = Case("cuped", i);
        var control = MetricEstimator.Estimate(Rows(c.Array("yc"), c.Array("xc")), MetricKind.Mean, true);
        var treatment = MetricEstimator.Estimate(Rows(c.Array("yt"), c.Array("xt")), MetricKind.Mean, true);
        var effect = EffectEstimate.Compute(control, treatment);
        var result = FrequentistTest.Evaluate(effect);

        Tolerance.Close(c.Number("theta"), effect.Theta, what: "theta");
        Tolerance.Close(c.Number("diff"), effect.Absolute, what: "adjusted difference");
        Tolerance.Close(c.Number("t"), result.Statistic, what: "t");
        Tolerance.Close(c.Number("p"), result.PValue, what: "p");
        Tolerance.Close(c.Number("variance_reduction"), effect.VarianceReduction, what: "variance reduction");
    }

    [Theory]
    [MemberData(nameof(CupedRatioCases))]
    public void CupedRatioMatchesNumpyDeltaMethod(int i)
    {
        var c = Case("cuped_ratio", i);
        var control = MetricEstimator.Estimate(Units(c.GetProperty("control")), MetricKind.Ratio, true);
        var treatment = MetricEstimator.Estimate(Units(c.GetProperty("treatment")), MetricKind.Ratio, true);
        var effect = EffectEstimate.Compute(control, treatment);
        var result = FrequentistTest.Evaluate(effect);

        Tolerance.Close(c.Number("theta"), effect.Theta, what: "theta");
        Tolerance.Close(c.Number("diff"), effect.Absolute, what: "adjusted difference");
        Tolerance.Close(c.Number("z"), result.Statistic, what: "z");
        Tolerance.Close(c.Number("p"), result.PValue, what: "p");
        Tolerance.Close(c.Number("variance_reduction"), effect.VarianceReduction, what: "variance reduction");
    }

    // Rows of a 4 x n matrix (num, den, pre_num, pre_den) into statistics.
    private static SufficientStatistics Units(JsonElement matrix)
    {
        var rows = matrix.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var acc = new MomentAccumulator(4);
        for (int k = 0; k < rows[0].Length; k++) acc.Add([rows[0][k], rows[1][k], rows[2][k], rows[3][k]]);
        return acc.ToStatistics();
    }

    internal static Alternative ParseAlternative(string s) => s switch
    {
        "two-sided" => Alternative.TwoSided,
        "larger" or "greater" => Alternative.Greater,
        "smaller" or "less" => Alternative.Less,
        _ => throw new ArgumentException(s),
    };

    internal static SufficientStatistics Bernoulli(long successes, long trials) => SufficientStatistics.FromSums(trials, successes, successes);

    // n, Σx and Σx² that reproduce a given mean and sample standard deviation.
    internal static SufficientStatistics FromMoments(double mean, double sd, long n) =>
        SufficientStatistics.FromSums(n, mean * n, sd * sd * (n - 1) + mean * mean * n);

    internal static SufficientStatistics Rows(double[] first, double[] second)
    {
        var acc = new MomentAccumulator(2);
        for (int k = 0; k < first.Length; k++) acc.Add([first[k], second[k]]);
        return acc.ToStatistics();
    }
}
