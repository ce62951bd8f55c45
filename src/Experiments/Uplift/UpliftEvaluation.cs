using System.Diagnostics;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Economics;
using MarketLab.Evaluation.Uplift;
using MarketLab.Experiments.Data;
using MarketLab.Evaluation;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// Fits uplift learners on a stratified training split of a randomised campaign and judges them on the
/// held-out rows: Qini coefficient and AUUC (scikit-uplift normalisation) with percentile bootstrap
/// intervals, uplift@k, and the incremental outcomes of targeting the top k against k at random.
/// </summary>
public static class UpliftEvaluation
{
    public static UpliftEvaluationReport Evaluate(UpliftData data, IReadOnlyList<IUpliftLearner> learners, UpliftEvaluationOptions? options = null,
        IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(learners);
        options ??= new UpliftEvaluationOptions();
        options.Validate();
        var (train, test) = UpliftSplit.Split(data, options.TestFraction, options.Seed);
        double[] y = test.Outcome.Select(v => (double)v).ToArray();
        double[] t = test.Treatment.Select(v => v ? 1.0 : 0.0).ToArray();
        var economics = new CampaignEconomicsOptions { Margin = 1, ContactCost = 0, ConfidenceLevel = options.ConfidenceLevel };

        // Everyone tied: the "segment" is the whole held-out set, so its uplift is the average effect.
        var everyone = CampaignEconomics.AtFraction(new double[y.Length], y, test.Treatment, 1.0, economics);
        double k = options.TargetFraction;
        double randomIncremental = k * everyone.IncrementalConversions;
        var randomInterval = new Interval(k * everyone.IncrementalInterval.Lower, k * everyone.IncrementalInterval.Upper);

        var reports = new List<LearnerUpliftReport>();
        foreach (var learner in learners)
        {
            progress?.Report($"fitting {learner.Name} on {train.Count:N0} rows");
            var clock = Stopwatch.StartNew();
            var model = learner.Fit(train);
            double seconds = clock.Elapsed.TotalSeconds;
            double[] scores = model.PredictUplift(test).Select(v => (double)v).ToArray();

            var (qini, qiniInterval) = WithInterval(y, scores, t, options, (yy, ss, tt) => UpliftScores.QiniCoefficient(yy, ss, tt));
            var (auuc, auucInterval) = WithInterval(y, scores, t, options, (yy, ss, tt) => UpliftScores.UpliftAuc(yy, ss, tt));
            var targeted = CampaignEconomics.AtFraction(scores, y, test.Treatment, k, economics);
            reports.Add(new LearnerUpliftReport(model.Name, seconds, qini, qiniInterval, auuc, auucInterval,
                UpliftScores.UpliftAtK(y, scores, t, k), targeted, targeted.IncrementalConversions - randomIncremental));
        }
        return new UpliftEvaluationReport(train.Count, test.Count, everyone.Uplift,
            new Interval(everyone.IncrementalInterval.Lower / y.Length, everyone.IncrementalInterval.Upper / y.Length),
            k, randomIncremental, randomInterval, reports);
    }

    private delegate double Metric(ReadOnlySpan<double> y, ReadOnlySpan<double> scores, ReadOnlySpan<double> treatment);

    // Rows are resampled jointly (outcome, score, arm), so the interval reflects the held-out sample's size.
    private static (double Value, Interval Interval) WithInterval(double[] y, double[] scores, double[] t, UpliftEvaluationOptions options, Metric metric)
    {
        double value = metric(y, scores, t);
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
        return (value, result.Interval);
    }
}
