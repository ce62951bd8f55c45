using MarketLab.Evaluation;
using MarketLab.Evaluation.Classification;
using MarketLab.Evaluation.Distributions;

namespace MarketLab.Experiments.Runs.Statistics;

/// <summary>
/// What a report shows about one classification candidate's held-out predictions, computed once when the candidate
/// finishes and stored with its outcome (<see cref="CandidateOutcome.Classifier"/>), so a report renders stored numbers
/// only and a run re-rendered from the store shows the same ones. Counting metrics follow scikit-learn
/// (<see cref="ClassificationScores"/>); the accuracy interval is Wilson's (1927) score interval at 95%.
/// </summary>
/// <param name="Rows">Held-out rows.</param>
/// <param name="Correct">Rows whose predicted class is the true one.</param>
/// <param name="Accuracy">Correct / rows (NaN without rows).</param>
/// <param name="AccuracyInterval">95% Wilson interval of the accuracy.</param>
/// <param name="MacroF1">Unweighted mean F1 over the classes.</param>
/// <param name="Confusion">Counts, <c>Confusion[true][predicted]</c>, classes in the order of the predictions.</param>
/// <param name="Binary">Ranking and calibration when the candidate is a scorable binary classifier; else null.</param>
public sealed record ClassifierStatistics(
    int Rows, long Correct, double Accuracy, Interval AccuracyInterval, double MacroF1,
    IReadOnlyList<IReadOnlyList<long>> Confusion, BinaryClassifierStatistics? Binary)
{
    /// <summary>Equal-width bins of the reliability diagram.</summary>
    public const int ReliabilityBins = 10;

    /// <summary>The statistics of <paramref name="predictions"/>.</summary>
    public static ClassifierStatistics Of(ClassificationPredictions predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        long[,] counts = ClassificationScores.ConfusionMatrix(predictions);
        int k = predictions.Classes.Count;
        var confusion = Enumerable.Range(0, k).Select(i => (IReadOnlyList<long>)Enumerable.Range(0, k).Select(j => counts[i, j]).ToList()).ToList();
        long correct = Enumerable.Range(0, k).Sum(i => counts[i, i]);
        int rows = predictions.Truth.Count;
        Interval interval = rows == 0 ? new Interval(double.NaN, double.NaN) : BinomialInterval.WilsonCounts(correct, rows);
        return new ClassifierStatistics(rows, correct, ClassificationScores.Accuracy(predictions), interval,
            rows == 0 ? double.NaN : ClassificationScores.MacroF1(predictions), confusion,
            IsScorableBinary(predictions) ? BinaryClassifierStatistics.Of(predictions) : null);
    }

    /// <summary>Two classes, probabilities, and both classes among the held-out rows (ROC needs both).</summary>
    public static bool IsScorableBinary(ClassificationPredictions p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Classes.Count == 2 && p.Probabilities is { } probabilities && probabilities.Count == p.Truth.Count
            && p.Truth.Contains(0) && p.Truth.Contains(1) && probabilities.All(r => r.Length == 2 && r[1] >= 0 && r[1] <= 1);
    }
}

/// <summary>
/// Ranking and calibration of a binary classifier's held-out probabilities for its second class: ROC AUC, average
/// precision, log loss, the ROC and precision–recall curves, and the reliability diagram with
/// <see cref="ClassifierStatistics.ReliabilityBins"/> equal-width bins (all from src/Evaluation).
/// </summary>
public sealed record BinaryClassifierStatistics(
    string PositiveClass, double PositiveShare, double RocAuc, double AveragePrecision, double LogLoss,
    CalibrationReport Calibration, RocCurve Roc, PrecisionRecallCurve PrecisionRecall)
{
    /// <summary>The statistics of scorable binary predictions (see <see cref="ClassifierStatistics.IsScorableBinary"/>).</summary>
    public static BinaryClassifierStatistics Of(ClassificationPredictions p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double[] truth = p.Truth.Select(t => (double)t).ToArray();
        double[] score = p.Probabilities!.Select(r => r[1]).ToArray();
        return new BinaryClassifierStatistics(p.Classes[1], truth.Average(), RankingMetrics.RocAuc(truth, score),
            RankingMetrics.AveragePrecision(truth, score), ProbabilityMetrics.LogLoss(truth, score),
            ProbabilityMetrics.Calibration(truth, score, ClassifierStatistics.ReliabilityBins),
            RankingMetrics.RocCurve(truth, score), RankingMetrics.PrecisionRecallCurve(truth, score));
    }
}
