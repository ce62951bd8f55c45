using MarketLab.Evaluation.Economics;
using MarketLab.Experiments.Uplift;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// The uplift candidates' adapter over <see cref="UpliftEvaluation.Evaluate"/>: one contender judged on the run's
/// holdout with the spec's margin and contact cost (top 30%, no bootstrap), its report stored as run metrics and curves:
/// <c>holdout_profit_best</c>, <c>holdout_best_share</c>, <c>holdout_uplift_top30</c>, <c>qini</c>, <c>auuc</c>,
/// <c>uplift_at_30</c>, and on simulated data <c>true_profit_best</c>, <c>true_best_share</c>, <c>true_uplift_top30</c>,
/// <c>pehe</c>.
/// </summary>
internal static class UpliftOutcome
{
    private const double TopShare = 0.3;

    public static CandidateOutcome Evaluate(CandidateContext context, UpliftContender contender)
    {
        var split = context.Data.Uplift!;
        var evaluation = context.Spec.Evaluation;
        var request = new UpliftEvaluationRequest(split, [contender], new UpliftEvaluationOptions
        {
            TargetFraction = TopShare, BootstrapResamples = 0, Margin = evaluation.Margin, ContactCost = evaluation.ContactCost,
        });
        var full = UpliftEvaluation.Evaluate(request);
        var outcome = ToOutcome(context.Candidate.Name, full.Learners[0]);
        AddSegments(outcome, full);
        return outcome;
    }

    private static CandidateOutcome ToOutcome(string candidate, LearnerUpliftReport report)
    {
        var outcome = new CandidateOutcome { PrimaryMetric = report.Truth is null ? "holdout_profit_best" : "true_profit_best" };
        outcome.Metrics["holdout_profit_best"] = report.HoldoutProfit.Best.Profit;
        outcome.Metrics["holdout_best_share"] = report.HoldoutProfit.Best.Fraction;
        if (report.Targeted.IsValid) outcome.Metrics["holdout_uplift_top30"] = report.Targeted.Uplift;
        else outcome.Warnings.Add($"{candidate}: the top {TopShare:P0} of the holdout has no treated or no control unit; its uplift is not available.");
        outcome.Curves.Add(Curve("Holdout profit (randomised test rows)", candidate, report.HoldoutProfit));
        if (report.Ranking is { } ranking)
        {
            outcome.Metrics["qini"] = ranking.Qini;
            outcome.Metrics["auuc"] = ranking.Auuc;
            outcome.Metrics["uplift_at_30"] = ranking.UpliftAtTarget;
            outcome.Curves.Add(new CurveSeries("Qini curve (held-out rows)", candidate, "customers targeted", "incremental responders",
                ranking.QiniCurve.Targeted.ToList(), ranking.QiniCurve.Gain.ToList()));
        }
        else outcome.Warnings.Add($"{candidate}: Qini/AUUC not available: {report.RankingError}");

        if (report.Truth is { } truth)
        {
            outcome.Metrics["true_profit_best"] = truth.Profit.Best.Profit;
            outcome.Metrics["true_best_share"] = truth.Profit.Best.Fraction;
            outcome.Metrics["true_uplift_top30"] = truth.UpliftAtTarget;
            outcome.Metrics["pehe"] = truth.Pehe;
            outcome.Curves.Add(Curve("True profit (simulator's effects)", candidate, truth.Profit));
        }
        return outcome;
    }

    // evaluation.segments: segment.S.rows, segment.S.average_uplift (+ lower/upper) and segment.S.qini per segment of
    // the held-out rows; a segment without both arms or a usable gain gets a note instead.
    private static void AddSegments(CandidateOutcome outcome, UpliftEvaluationReport report)
    {
        foreach (var s in report.Segments)
        {
            string key = $"segment.{s.Segment}";
            outcome.Metrics[$"{key}.rows"] = s.Rows;
            if (s.AverageUplift is double u && s.AverageUpliftInterval is { } i)
            {
                outcome.Metrics[$"{key}.average_uplift"] = u;
                outcome.Metrics[$"{key}.average_uplift_lower"] = i.Lower;
                outcome.Metrics[$"{key}.average_uplift_upper"] = i.Upper;
            }
            else outcome.Notes.Add($"Segment {s.Segment}: {s.Error}");
            var learner = s.Learners[0];
            if (learner.Ranking is { } ranking) outcome.Metrics[$"{key}.qini"] = ranking.Qini;
            else outcome.Notes.Add($"Segment {s.Segment}: Qini not available: {learner.RankingError}");
        }
        if (report.Segments.FirstOrDefault(s => s.Segment == MarketLab.Evaluation.Data.SegmentAssignments.Unassigned) is { } unassigned)
            outcome.Notes.Add($"{unassigned.Rows:N0} held-out rows have no segment in the segment file and form the '{unassigned.Segment}' segment.");
    }

    private static CurveSeries Curve(string chart, string name, ProfitCurve curve)
    {
        var valid = curve.Points.Where(p => p.IsValid).ToList();
        return new CurveSeries(chart, name, "share targeted", "profit", valid.Select(p => p.Fraction).ToList(), valid.Select(p => p.Profit).ToList());
    }
}
