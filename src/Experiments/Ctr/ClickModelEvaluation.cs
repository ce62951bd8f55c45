using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Classification;
using MarketLab.Evaluation.Distributions;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using Microsoft.ML;
using Microsoft.ML.Data;
using MarketLab.Evaluation;

namespace MarketLab.Experiments.Ctr;

/// <summary>Settings of <see cref="ClickModelEvaluation"/>.</summary>
public sealed record ClickModelOptions
{
    /// <summary>men or women.</summary>
    public string Campaign { get; init; } = "men";

    /// <summary>The log to learn from; random (uniform logging, so the click model is not confounded by the policy) by default.</summary>
    public string Policy { get; init; } = "random";

    /// <summary>Share of the impressions, earliest first, used for training; the rest (the latest) is the test set.</summary>
    public double TrainFraction { get; init; } = 0.7;

    /// <summary>AutoML search strategy; SMAC or random search make a one-worker run reproducible.</summary>
    public TunerKind Tuner { get; init; } = TunerKind.Smac;

    /// <summary>Wall time of the search.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Stop after this many trials (null: only the time budget).</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Stratified cross-validation folds inside the training rows (stratified by click, so each fold gets its share of the rare clicks).</summary>
    public int Folds { get; init; } = 3;

    /// <summary>The metric the search optimises (log loss: a click model's probabilities are used as probabilities).</summary>
    public AutoMLMetric Metric { get; init; } = AutoMLMetric.LogLoss;

    /// <summary>Trainers searched (null: all binary trainers).</summary>
    public IReadOnlyList<TrainerName>? Trainers { get; init; }

    /// <summary>Seed of the tuner, the folds and every trial.</summary>
    public int Seed { get; init; }

    /// <summary>Trials in parallel (1 keeps a seeded run reproducible).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Threads of all workers together.</summary>
    public int TotalThreads { get; init; } = 1;

    /// <summary>Equal-width bins of the reliability diagram (ECE); with a CTR below 1% most rows fall in the first bins.</summary>
    public int CalibrationBins { get; init; } = 100;

    /// <summary>Equal-count bins of the second reliability table (<see cref="ClickModelReport.QuantileBins"/>).</summary>
    public int QuantileBins { get; init; } = 10;

    /// <summary>Coverage of the AUC interval, the DeLong interval and the per-bin Wilson intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The folder holding {campaign}.csv and item_context.csv (null: ../shared/datasets/ctr/open-bandit/{policy}/{campaign}).</summary>
    public string? Folder { get; init; }
}

/// <summary>Test-set scores of one probability model.</summary>
/// <param name="Auc">ROC AUC.</param>
/// <param name="AucInterval">DeLong interval of the AUC (its variance from the structural components).</param>
/// <param name="LogLoss">Mean log loss (nats).</param>
/// <param name="NormalizedEntropy">Log loss / entropy of the test click rate (He et al. 2014); below 1 beats a constant.</param>
/// <param name="CalibrationRatio">Mean predicted / observed click rate; 1 is calibrated.</param>
public sealed record ClickScores(double Auc, Interval AucInterval, double LogLoss, double NormalizedEntropy, double CalibrationRatio);

/// <summary>The result of <see cref="ClickModelEvaluation"/>.</summary>
/// <param name="Campaign">men or women.</param>
/// <param name="Policy">The log.</param>
/// <param name="TrainRows">Impressions in the training part (the earliest).</param>
/// <param name="TrainClicks">Clicks among them.</param>
/// <param name="TestRows">Impressions in the test part (the latest).</param>
/// <param name="TestClicks">Clicks among them.</param>
/// <param name="SplitTimestamp">Timestamp of the first test impression.</param>
/// <param name="Trials">Trials the search finished.</param>
/// <param name="BestLearner">The learner of the best trial.</param>
/// <param name="BestParameters">Its parameters (JSON).</param>
/// <param name="BestValidationMetric">Its cross-validated <see cref="SearchMetric"/> on the training rows.</param>
/// <param name="SearchMetric">The metric the search optimised.</param>
/// <param name="Model">The refitted best model on the test rows.</param>
/// <param name="Baseline">Per item × position click rate of the training rows, shrunk to the position's rate by 20 pseudo-impressions, on the test rows.</param>
/// <param name="VersusBaseline">DeLong test of AUC(model) − AUC(baseline) on the test rows.</param>
/// <param name="Calibration">Equal-width reliability diagram and ECE/MCE of the model on the test rows.</param>
/// <param name="QuantileBins">Equal-count reliability bins (by predicted probability) of the model on the test rows.</param>
/// <param name="Probabilities">The model's test-row probabilities, in time order.</param>
/// <param name="TestLabels">The test clicks (0/1), in time order.</param>
public sealed record ClickModelReport(
    string Campaign, string Policy, int TrainRows, int TrainClicks, int TestRows, int TestClicks, string SplitTimestamp,
    int Trials, string BestLearner, string BestParameters, double BestValidationMetric, AutoMLMetric SearchMetric,
    ClickScores Model, ClickScores Baseline, DeLongResult VersusBaseline, CalibrationReport Calibration,
    IReadOnlyList<ReliabilityBin> QuantileBins, IReadOnlyList<double> Probabilities, IReadOnlyList<double> TestLabels);

/// <summary>
/// A click model for an Open Bandit log: the impressions in time order, the first <see cref="ClickModelOptions.TrainFraction"/>
/// (70%) for training and the rest (the latest 30%) for testing, so the model is judged on later traffic as it
/// would be used; an AutoML search (stratified CV by click on the training rows only), the best trial refitted on
/// all training rows, and its probabilities on the test rows scored by AUC (DeLong interval), log loss,
/// normalized entropy, calibration ratio and ECE with reliability bins, beside an item × position CTR baseline.
/// </summary>
/// <remarks>
/// Clicks are rare (about 0.5%): AUC and NE are unaffected by the imbalance as metrics but noisy with ~15 test
/// clicks, hence the intervals; folds are stratified by click so each holds its share; the search optimises log
/// loss by default; and the equal-width reliability diagram is complemented by equal-count bins.
/// </remarks>
public static class ClickModelEvaluation
{
    /// <summary>Pseudo-impressions of the position's rate added to each item × position cell of the baseline.</summary>
    public const double BaselinePriorImpressions = 20;

    /// <summary>Loads the log and runs the evaluation.</summary>
    public static Task<ClickModelReport> RunAsync(ClickModelOptions options, IProgress<AutoMLProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RunAsync(OpenBanditClickData.Load(options.Campaign, options.Policy, options.Folder), options, progress, cancellationToken);
    }

    /// <summary>Runs the evaluation on loaded data.</summary>
    public static async Task<ClickModelReport> RunAsync(OpenBanditClickData data, ClickModelOptions options,
        IProgress<AutoMLProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.TrainFraction > 0 && options.TrainFraction < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.TrainFraction, "TrainFraction must lie in (0, 1).");
        if (options.QuantileBins < 1) throw new ArgumentOutOfRangeException(nameof(options), options.QuantileBins, "QuantileBins must be >= 1.");
        int train = (int)Math.Round(options.TrainFraction * data.Count), test = data.Count - train;
        var clicks = data.Clicks;
        int trainClicks = (int)clicks.Take(train).Sum(), testClicks = (int)clicks.Skip(train).Sum();
        if (trainClicks < options.Folds || trainClicks == train)
            throw new InvalidOperationException($"The training rows hold {trainClicks} clicks in {train} impressions; a click model needs both classes (at least one click per fold).");
        if (testClicks < 2 || test - testClicks < 2)
            throw new InvalidOperationException($"The test rows hold {testClicks} clicks in {test} impressions; AUC and its interval need at least 2 clicks and 2 non-clicks.");

        var ml = new MLContext(options.Seed);
        var experiment = ml.Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = OpenBanditClickData.LabelColumn, Metric = options.Metric,
            Tuner = options.Tuner, TimeBudget = options.TimeBudget, MaxTrials = options.MaxTrials, Folds = options.Folds,
            Seed = options.Seed, Workers = options.Workers, TotalThreads = options.TotalThreads, Trainers = options.Trainers,
        });
        var trainView = data.Rows(0, train);
        var result = await experiment.RunAsync(trainView, progress, cancellationToken, data.Kinds).ConfigureAwait(false);
        var best = result.Best ?? throw new InvalidOperationException(
            $"No trial succeeded in {result.Trials.Count} tried: {string.Join("; ", result.Trials.Select(t => t.Error).Where(e => e is not null).Distinct().Take(3))}");

        var model = experiment.Refit(best);
        var scored = model.Transform(data.Rows(train, test));
        var probabilities = scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
        var labels = clicks.Skip(train).ToArray();
        var baseline = Baseline(data, train);

        var constant = new double[test];
        var modelScores = Score(labels, probabilities, constant, options.ConfidenceLevel);
        var baselineScores = Score(labels, baseline, constant, options.ConfidenceLevel);
        var delong = DeLongTest.Compare(labels, probabilities, baseline, options.ConfidenceLevel);
        var calibration = ProbabilityMetrics.Calibration(labels, probabilities, options.CalibrationBins, options.ConfidenceLevel);

        return new ClickModelReport(data.Campaign, data.Policy, train, trainClicks, test, testClicks, data.Timestamps[train],
            result.Trials.Count, best.Learner, best.Parameters.ToJson(), best.Metric, options.Metric,
            modelScores, baselineScores, delong, calibration, EqualCountBins(labels, probabilities, options.QuantileBins, options.ConfidenceLevel),
            probabilities, labels);
    }

    // AUC with its DeLong interval: compared with a constant score (AUC ½, no variance), DeLong's difference
    // interval is the interval of the AUC itself, shifted by ½.
    private static ClickScores Score(double[] labels, double[] probabilities, double[] constant, double level)
    {
        var single = DeLongTest.Compare(labels, probabilities, constant, level);
        return new ClickScores(single.AucA,
            new Interval(Math.Max(0, single.ConfidenceInterval.Lower + 0.5), Math.Min(1, single.ConfidenceInterval.Upper + 0.5)),
            ProbabilityMetrics.LogLoss(labels, probabilities),
            ProbabilityMetrics.NormalizedEntropy(labels, probabilities),
            ProbabilityMetrics.CalibrationRatio(labels, probabilities));
    }

    // Per item × position click rate on the training rows, shrunk to the position's rate, for the test rows.
    private static double[] Baseline(OpenBanditClickData data, int train)
    {
        var items = data.Categorical("item_id");
        var positions = data.Categorical("position");
        var cell = new Dictionary<(string, string), (double Clicks, double Shown)>();
        var position = new Dictionary<string, (double Clicks, double Shown)>();
        for (int i = 0; i < train; i++)
        {
            var key = (items[i], positions[i]);
            var c = cell.GetValueOrDefault(key);
            cell[key] = (c.Clicks + data.Clicks[i], c.Shown + 1);
            var p = position.GetValueOrDefault(positions[i]);
            position[positions[i]] = (p.Clicks + data.Clicks[i], p.Shown + 1);
        }
        double overall = data.Clicks.Take(train).Average();
        var scores = new double[data.Count - train];
        for (int i = train; i < data.Count; i++)
        {
            double prior = position.TryGetValue(positions[i], out var p) ? (p.Clicks + overall) / (p.Shown + 1) : overall;
            var c = cell.GetValueOrDefault((items[i], positions[i]));
            scores[i - train] = (c.Clicks + BaselinePriorImpressions * prior) / (c.Shown + BaselinePriorImpressions);
        }
        return scores;
    }

    /// <summary>Reliability bins holding (nearly) equal numbers of rows, by ascending predicted probability; ties may straddle bins.</summary>
    internal static IReadOnlyList<ReliabilityBin> EqualCountBins(double[] labels, double[] probabilities, int bins, double level)
    {
        var order = Enumerable.Range(0, labels.Length).OrderBy(i => probabilities[i]).ToArray();
        double z = Normal.Quantile(0.5 + level / 2);
        var result = new List<ReliabilityBin>();
        for (int b = 0; b < bins; b++)
        {
            int start = (int)((long)b * order.Length / bins), end = (int)((long)(b + 1) * order.Length / bins);
            if (end <= start) continue;
            var rows = order[start..end];
            double n = rows.Length, observed = rows.Average(i => labels[i]);
            var wilson = BinomialInterval.Wilson(observed, n, z);
            result.Add(new ReliabilityBin(b, probabilities[rows[0]], probabilities[rows[^1]], rows.Length,
                rows.Average(i => probabilities[i]), observed, new Interval(Math.Max(0, wilson.Lower), Math.Min(1, wilson.Upper))));
        }
        return result;
    }
}
