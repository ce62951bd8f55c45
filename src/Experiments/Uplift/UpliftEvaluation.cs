using System.Diagnostics;
using MarketLab.Evaluation;
using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Data;
using MarketLab.Evaluation.Economics;
using MarketLab.Evaluation.Uplift;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// The one uplift evaluation, behind <c>marketlab uplift</c> and the uplift spec candidates alike: fits each learner on
/// the training rows (or takes scores made elsewhere) and judges the ranking of the randomised held-out rows: Qini
/// coefficient and AUUC (scikit-uplift normalisation, Radcliffe 2007) with optional percentile bootstrap intervals,
/// uplift@k and the Qini curve, the incremental outcomes of targeting the top k against k at random, the campaign profit
/// curve, and on simulated data the true profit curve and PEHE (Hill 2011) against the simulator's τ(x).
/// </summary>
public static class UpliftEvaluation
{
    /// <summary>Evaluates every contender of <paramref name="request"/> on its holdout.</summary>
    public static UpliftEvaluationReport Evaluate(UpliftEvaluationRequest request, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Holdout);
        ArgumentNullException.ThrowIfNull(request.Contenders);
        var options = request.Options ?? new UpliftEvaluationOptions();
        options.Validate();
        var (train, test) = (request.Holdout.Train, request.Holdout.Test);
        double[] y = test.Outcome.Select(v => (double)v).ToArray();
        double[] t = test.Treatment.Select(v => v ? 1.0 : 0.0).ToArray();
        var economics = new CampaignEconomicsOptions { Margin = options.Margin, ContactCost = options.ContactCost, ConfidenceLevel = options.ConfidenceLevel };

        // Everyone tied: the "segment" is the whole held-out set, so its uplift is the average effect.
        var everyone = CampaignEconomics.AtFraction(new double[y.Length], y, test.Treatment, 1.0, economics);
        double k = options.TargetFraction;
        double randomIncremental = k * everyone.IncrementalConversions;
        var randomInterval = new Interval(k * everyone.IncrementalInterval.Lower, k * everyone.IncrementalInterval.Upper);

        var reports = new List<LearnerUpliftReport>();
        var allScores = new List<double[]>();
        foreach (var contender in request.Contenders)
        {
            string name;
            double seconds = 0;
            double[] scores;
            if (contender.Learner is { } learner)
            {
                progress?.Report($"fitting {learner.Name} on {train.Count:N0} rows");
                var clock = Stopwatch.StartNew();
                var model = learner.Fit(train);
                seconds = clock.Elapsed.TotalSeconds;
                scores = model.PredictUplift(test).Select(v => (double)v).ToArray();
                name = contender.Name ?? model.Name;
            }
            else
            {
                scores = contender.Scores!;
                name = contender.Name!;
                if (scores.Length != test.Count)
                    throw new ArgumentException($"{name}: {scores.Length} scores for {test.Count} held-out rows.");
            }
            allScores.Add(scores);
            var targeted = CampaignEconomics.AtFraction(scores, y, test.Treatment, k, economics);
            var (ranking, rankingError) = Ranking(y, scores, t, options);
            reports.Add(new LearnerUpliftReport(name, seconds, ranking, rankingError, targeted,
                targeted.IncrementalConversions - randomIncremental,
                CampaignEconomics.ProfitCurve(scores, y, test.Treatment, economics),
                request.Holdout.TestTrueEffects is { } truth ? Truth(scores, truth, k, economics) : null));
        }
        return new UpliftEvaluationReport(train.Count, test.Count, everyone.Uplift,
            new Interval(everyone.IncrementalInterval.Lower / y.Length, everyone.IncrementalInterval.Upper / y.Length),
            k, randomIncremental, randomInterval, reports)
        {
            Segments = request.Holdout.TestSegments is { } segments ? BySegment(segments, y, t, test.Treatment, reports, allScores, options, economics) : [],
        };
    }

    // The breakdown: per segment, the average uplift as the overall one (everyone "targeted") and each learner's
    // ranking metrics on the segment's rows only; a segment missing an arm reports why instead of a NaN.
    private static List<UpliftSegmentReport> BySegment(IReadOnlyList<string> segments, double[] y, double[] t, bool[] treatment,
        List<LearnerUpliftReport> reports, List<double[]> scores, UpliftEvaluationOptions options, CampaignEconomicsOptions economics)
    {
        var result = new List<UpliftSegmentReport>();
        foreach (string name in SegmentAssignments.Order(segments.Distinct(StringComparer.Ordinal)))
        {
            int[] rows = Enumerable.Range(0, y.Length).Where(i => segments[i] == name).ToArray();
            double[] ys = rows.Select(i => y[i]).ToArray(), ts = rows.Select(i => t[i]).ToArray();
            bool[] arms = rows.Select(i => treatment[i]).ToArray();
            var everyone = CampaignEconomics.AtFraction(new double[rows.Length], ys, arms, 1.0, economics);
            var learners = reports.Select((r, l) =>
            {
                var (ranking, error) = Ranking(ys, rows.Select(i => scores[l][i]).ToArray(), ts, options);
                return new SegmentLearnerRanking(r.Learner, ranking, error);
            }).ToList();
            result.Add(everyone.IsValid
                ? new UpliftSegmentReport(name, rows.Length, arms.Count(a => a), everyone.Uplift,
                    new Interval(everyone.IncrementalInterval.Lower / rows.Length, everyone.IncrementalInterval.Upper / rows.Length), null, learners)
                : new UpliftSegmentReport(name, rows.Length, arms.Count(a => a), null, null,
                    $"{everyone.Error}: the segment needs treated and control rows", learners));
        }
        return result;
    }

    // Qini, AUUC and uplift@k need both arms among the held-out rows and a non-zero gain to normalise by; when the data
    // cannot give them, the report says why instead of carrying a NaN.
    private static (UpliftRanking?, string?) Ranking(double[] y, double[] scores, double[] t, UpliftEvaluationOptions options)
    {
        try
        {
            double qini = UpliftScores.QiniCoefficient(y, scores, t);
            double auuc = UpliftScores.UpliftAuc(y, scores, t);
            double atK = UpliftScores.UpliftAtK(y, scores, t, options.TargetFraction);
            var curve = UpliftCurves.QiniCurve(y, scores, t);
            Interval? qiniInterval = null, auucInterval = null;
            if (options.BootstrapResamples > 0)
            {
                qiniInterval = Bootstrap(y, scores, t, options, (yy, ss, tt) => UpliftScores.QiniCoefficient(yy, ss, tt));
                auucInterval = Bootstrap(y, scores, t, options, (yy, ss, tt) => UpliftScores.UpliftAuc(yy, ss, tt));
            }
            return (new UpliftRanking(qini, qiniInterval, auuc, auucInterval, atK, curve), null);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
    }

    private static UpliftTruth Truth(double[] scores, double[] truth, double k, CampaignEconomicsOptions economics)
    {
        var curve = CampaignEconomics.TrueProfitCurve(scores, truth, economics);
        // The curve's own point at k when k is one of its shares (it is for the default 10%…100%), else k alone.
        var atK = curve.Points.FirstOrDefault(p => p.Fraction == k)
            ?? CampaignEconomics.TrueProfitCurve(scores, truth, economics with { Fractions = [k] }).Points[^1];
        return new UpliftTruth(curve, atK.Uplift, UpliftScores.Pehe(scores, truth));
    }

    private delegate double Metric(ReadOnlySpan<double> y, ReadOnlySpan<double> scores, ReadOnlySpan<double> treatment);

    // Rows are resampled jointly (outcome, score, arm), so the interval reflects the held-out sample's size.
    private static Interval Bootstrap(double[] y, double[] scores, double[] t, UpliftEvaluationOptions options, Metric metric)
    {
        var rows = Enumerable.Range(0, y.Length).Select(i => (double)i).ToArray();
        var yb = new double[y.Length];
        var sb = new double[y.Length];
        var tb = new double[y.Length];
        var result = BootstrapInterval.OneSample(rows, indices =>
        {
            for (int i = 0; i < indices.Length; i++)
            {
                int row = (int)indices[i];
                yb[i] = y[row]; sb[i] = scores[row]; tb[i] = t[row];
            }
            return metric(yb, sb, tb);
        }, new BootstrapOptions { Resamples = options.BootstrapResamples, Method = BootstrapMethod.Percentile, Seed = options.Seed, ConfidenceLevel = options.ConfidenceLevel });
        return result.Interval;
    }
}
