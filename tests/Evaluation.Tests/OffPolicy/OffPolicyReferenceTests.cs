using System.Text.Json;
using MarketLab.Evaluation.OffPolicy;

namespace MarketLab.Evaluation.Tests.OffPolicy;

// Expected values: References/off_policy.json, written by References/off_policy.py, an independent numpy
// implementation of obp.ope.estimators' round rewards (IPS, SNIPS, DM, DR) with the standard errors
// MarketLab defines (ddof = 1; SNIPS by the delta method) and scipy.stats.norm.ppf for the intervals.
public class OffPolicyReferenceTests
{
    private const string File = "off_policy.json";
    private static JsonElement Case(int i) => ReferenceData.Load(File).GetProperty("cases")[i];

    public static IEnumerable<object[]> Cases => ReferenceData.Cases(File, "cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void InversePropensityScoringMatchesNumpy(int i) =>
        Check(i, OffPolicyEstimator.InversePropensityScoring, "ips");

    [Theory]
    [MemberData(nameof(Cases))]
    public void SelfNormalizedMatchesNumpy(int i) =>
        Check(i, OffPolicyEstimator.SelfNormalizedInversePropensityScoring, "snips");

    [Theory]
    [MemberData(nameof(Cases))]
    public void DirectMethodMatchesNumpy(int i) =>
        Check(i, OffPolicyEstimator.DirectMethod, "dm");

    [Theory]
    [MemberData(nameof(Cases))]
    public void DoublyRobustMatchesNumpy(int i) =>
        Check(i, OffPolicyEstimator.DoublyRobust, "dr");

    [Theory]
    [MemberData(nameof(Cases))]
    public void EffectiveSampleSizeMatchesNumpy(int i)
    {
        var (log, _, options) = Inputs(Case(i));
        var result = OffPolicyEvaluation.InversePropensityScoring(log, options);
        Tolerance.Close(Case(i).Number("ess"), result.EffectiveSampleSize, what: "ess");
    }

    private static void Check(int i, OffPolicyEstimator estimator, string key)
    {
        var c = Case(i);
        var (log, model, options) = Inputs(c);
        var result = OffPolicyEvaluation.Estimate(estimator, log, model, options);
        Assert.True(result.IsValid);
        Tolerance.Close(c.Number($"{key}_value"), result.Value, what: "value");
        Tolerance.Close(c.Number($"{key}_se"), result.StandardError, what: "se");
        Tolerance.Close(c.Number($"{key}_lo"), result.Interval.Lower, what: "lower");
        Tolerance.Close(c.Number($"{key}_hi"), result.Interval.Upper, what: "upper");
    }

    private static (LoggedFeedback, OutcomePredictions, OffPolicyOptions) Inputs(JsonElement c)
    {
        var log = LoggedFeedback.Create(c.Array("rewards"), c.Array("pscore"), c.Array("target"));
        var model = OutcomePredictions.Create(c.Array("q_logged"), c.Array("q_target"));
        var options = new OffPolicyOptions
        {
            ConfidenceLevel = c.Number("level"),
            WeightClip = c.Bound("clip", double.PositiveInfinity),
        };
        return (log, model, options);
    }
}
