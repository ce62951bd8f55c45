using Microsoft.ML;
using Microsoft.ML.Data;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Spaces;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// An ensemble of a run's trials: the top-k (<see cref="AutoMLExperiment.TryEnsemble"/>, equal weights) or the one
/// chosen by ensemble selection (<see cref="AutoMLExperiment.TrySelectEnsemble"/>); it predicts the weighted mean of
/// the members' probabilities (multiclass: of their class probability vectors).
/// </summary>
/// <param name="Members">The member trials, best first.</param>
/// <param name="Metric">The ensemble's validation metric (mean over folds), on the same folds as the trials.</param>
/// <param name="BestTrialMetric">The best single trial's validation metric.</param>
/// <param name="MetricKind">Which metric both are.</param>
/// <param name="MemberWeights">Each member's weight (summing to 1); null for equal weights.</param>
/// <param name="Stacker">The logistic meta-learner of a stacked ensemble (<see cref="AutoMLExperiment.TryStackEnsemble"/>); null when probabilities are averaged.</param>
public sealed record EnsembleCandidate(IReadOnlyList<TrialRecord> Members, double Metric, double BestTrialMetric, AutoMLMetric MetricKind,
    IReadOnlyList<double>? MemberWeights = null, LogisticStacker? Stacker = null)
{
    /// <summary>Each member's weight: in the mean (they sum to 1), or for a stacked ensemble the stacker's coefficient.</summary>
    public IReadOnlyList<double> Weights => Stacker?.Weights ?? MemberWeights ?? Members.Select(_ => 1.0 / Members.Count).ToArray();


    /// <summary>True when the ensemble scores better than the best single trial (then it is the final candidate).</summary>
    public bool BeatsBestTrial => AutoMLMetrics.IsBetter(MetricKind, Metric, BestTrialMetric);

    /// <summary>Refits every member on all training data of <paramref name="experiment"/>'s last run and averages their probabilities on <paramref name="data"/>.</summary>
    public float[] PredictProbabilities(AutoMLExperiment experiment, IDataView data)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(data);
        return experiment.RefitEnsemble(this).PredictProbabilities(data);
    }

    /// <summary>Scores averaged probabilities with ML.NET's binary evaluator (score = logit of the probability).</summary>
    internal static double Score(MLContext ml, AutoMLMetric metric, IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities)
    {
        var rows = labels.Select((label, i) =>
        {
            var p = Math.Clamp(probabilities[i], 1e-7, 1 - 1e-7);
            return new Row { Label = label, Probability = (float)p, Score = (float)Math.Log(p / (1 - p)), PredictedLabel = p > 0.5 };
        }).ToArray();
        return AutoMLMetrics.Compute(ml, AutoMLTask.BinaryClassification, metric, ml.Data.LoadFromEnumerable(rows));
    }

    /// <summary>
    /// Scores averaged class scores (<paramref name="width"/> per row, in key order) with ML.NET's multiclass evaluator:
    /// the predicted class is the highest mean score (ties to the lower key), as a trainer's PredictedLabel.
    /// </summary>
    internal static double ScoreMulticlass(MLContext ml, AutoMLMetric metric, IReadOnlyList<uint> keys, IReadOnlyList<double> scores, int width)
    {
        var rows = new MulticlassRow[keys.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var score = new float[width];
            for (var c = 0; c < width; c++) score[c] = (float)scores[i * width + c];
            var best = AutoMLEnsembleModel.ArgMax(score);

            // LoadFromEnumerable reads a key property as the 0-based index (it stores index + 1), so key k is written as
            // k - 1; a missing key (0) wraps to uint.MaxValue, which it reads back as missing.
            rows[i] = new MulticlassRow { Label = unchecked(keys[i] - 1), Score = score, PredictedLabel = (uint)best };
        }

        var schema = SchemaDefinition.Create(typeof(MulticlassRow));
        schema[FeaturizationPlan.LabelColumn].ColumnType = new KeyDataViewType(typeof(uint), width);
        schema["PredictedLabel"].ColumnType = new KeyDataViewType(typeof(uint), width);
        schema["Score"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return AutoMLMetrics.Compute(ml, AutoMLTask.MulticlassClassification, metric, ml.Data.LoadFromEnumerable(rows, schema));
    }

    private sealed class MulticlassRow
    {
        [ColumnName(FeaturizationPlan.LabelColumn)]
        public uint Label { get; set; }

        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    private sealed class Row
    {
        [ColumnName(FeaturizationPlan.LabelColumn)]
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
