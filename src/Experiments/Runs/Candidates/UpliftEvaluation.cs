using MarketLab.Evaluation.Economics;
using MarketLab.Evaluation.Uplift;
using MarketLab.Experiments.Runs.Data;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// The held-out evaluation shared by uplift candidates: the Qini coefficient, AUUC (scikit-uplift
/// normalisation) and uplift@30% with the Qini curve, the campaign profit curve on the randomised holdout
/// (<see cref="CampaignEconomics.ProfitCurve(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{bool}, CampaignEconomicsOptions?)"/>),
/// and on simulated data the true profit curve and PEHE against the simulator's τ(x).
/// </summary>
internal static class UpliftEvaluation
{
    private const double TopShare = 0.3;

    public static CandidateOutcome Evaluate(string candidate, double[] scores, UpliftHoldout split, EvaluationSpec evaluation)
    {
        var options = new CampaignEconomicsOptions { Margin = evaluation.Margin, ContactCost = evaluation.ContactCost };
        double[] outcomes = split.Test.Outcome.Select(y => (double)y).ToArray();
        var holdout = CampaignEconomics.ProfitCurve(scores, outcomes, split.Test.Treatment, options);
        var top = CampaignEconomics.AtFraction(scores, outcomes, split.Test.Treatment, TopShare, options);
        var outcome = new CandidateOutcome { PrimaryMetric = split.TestTrueEffects is null ? "holdout_profit_best" : "true_profit_best" };
        outcome.Metrics["holdout_profit_best"] = holdout.Best.Profit;
        outcome.Metrics["holdout_best_share"] = holdout.Best.Fraction;
        if (top.IsValid) outcome.Metrics["holdout_uplift_top30"] = top.Uplift;
        else outcome.Warnings.Add($"{candidate}: the top {TopShare:P0} of the holdout has no treated or no control unit; its uplift is not available.");
        outcome.Curves.Add(Curve("Holdout profit (randomised test rows)", candidate, holdout));
        AddRankingMetrics(outcome, candidate, scores, outcomes, split.Test.Treatment);

        if (split.TestTrueEffects is { } truth)
        {
            var trueCurve = CampaignEconomics.TrueProfitCurve(scores, truth, options);
            outcome.Metrics["true_profit_best"] = trueCurve.Best.Profit;
            outcome.Metrics["true_best_share"] = trueCurve.Best.Fraction;
            outcome.Metrics["true_uplift_top30"] = trueCurve.Points.First(p => p.Fraction == TopShare).Uplift;
            outcome.Metrics["pehe"] = UpliftScores.Pehe(scores, truth);
            outcome.Curves.Add(Curve("True profit (simulator's effects)", candidate, trueCurve));
        }
        return outcome;
    }

    // Qini, AUUC and uplift@k need both arms among the held-out rows and a non-zero gain to normalise by;
    // when the data cannot give them, the candidate says why instead of reporting a NaN.
    private static void AddRankingMetrics(CandidateOutcome outcome, string candidate, double[] scores, double[] outcomes, bool[] treated)
    {
        double[] arm = treated.Select(t => t ? 1.0 : 0.0).ToArray();
        try
        {
            outcome.Metrics["qini"] = UpliftScores.QiniCoefficient(outcomes, scores, arm);
            outcome.Metrics["auuc"] = UpliftScores.UpliftAuc(outcomes, scores, arm);
            outcome.Metrics["uplift_at_30"] = UpliftScores.UpliftAtK(outcomes, scores, arm, TopShare);
            var qini = UpliftCurves.QiniCurve(outcomes, scores, arm);
            outcome.Curves.Add(new CurveSeries("Qini curve (held-out rows)", candidate, "customers targeted", "incremental responders",
                qini.Targeted.ToList(), qini.Gain.ToList()));
        }
        catch (ArgumentException e)
        {
            outcome.Warnings.Add($"{candidate}: Qini/AUUC not available: {e.Message}");
        }
    }

    private static CurveSeries Curve(string chart, string name, ProfitCurve curve)
    {
        var valid = curve.Points.Where(p => p.IsValid).ToList();
        return new CurveSeries(chart, name, "share targeted", "profit", valid.Select(p => p.Fraction).ToList(), valid.Select(p => p.Profit).ToList());
    }
}
