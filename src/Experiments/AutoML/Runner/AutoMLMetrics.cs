using Microsoft.ML;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>Which metrics fit which task, their direction, and how they are computed from ML.NET's evaluators.</summary>
public static class AutoMLMetrics
{
    private static readonly IReadOnlyDictionary<AutoMLTask, AutoMLMetric[]> ByTask = new Dictionary<AutoMLTask, AutoMLMetric[]>
    {
        [AutoMLTask.BinaryClassification] = [AutoMLMetric.Auc, AutoMLMetric.AucPr, AutoMLMetric.Accuracy, AutoMLMetric.F1, AutoMLMetric.LogLoss],
        [AutoMLTask.MulticlassClassification] = [AutoMLMetric.MacroF1, AutoMLMetric.MicroAccuracy, AutoMLMetric.MacroAccuracy, AutoMLMetric.LogLoss],
        [AutoMLTask.Regression] = [AutoMLMetric.Rmse, AutoMLMetric.Mae, AutoMLMetric.RSquared],
    };

    /// <summary>The metrics allowed for <paramref name="task"/>; the first is the default.</summary>
    public static IReadOnlyList<AutoMLMetric> For(AutoMLTask task) => ByTask[task];

    /// <summary>Smaller is better for losses and errors, larger for everything else.</summary>
    public static OptimizationGoal Goal(AutoMLMetric metric) =>
        metric is AutoMLMetric.LogLoss or AutoMLMetric.Rmse or AutoMLMetric.Mae ? OptimizationGoal.Minimize : OptimizationGoal.Maximize;

    /// <summary>True when <paramref name="a"/> is better than <paramref name="b"/> for <paramref name="metric"/>.</summary>
    public static bool IsBetter(AutoMLMetric metric, double a, double b) =>
        Goal(metric) == OptimizationGoal.Minimize ? a < b : a > b;

    /// <summary>Evaluates scored data (label in <see cref="FeaturizationPlan.LabelColumn"/>).</summary>
    internal static double Compute(MLContext ml, AutoMLTask task, AutoMLMetric metric, IDataView scored)
    {
        const string label = FeaturizationPlan.LabelColumn;
        switch (task)
        {
            case AutoMLTask.BinaryClassification:
                var b = ml.BinaryClassification.Evaluate(scored, label);
                return metric switch
                {
                    AutoMLMetric.Auc => b.AreaUnderRocCurve,
                    AutoMLMetric.AucPr => b.AreaUnderPrecisionRecallCurve,
                    AutoMLMetric.Accuracy => b.Accuracy,
                    AutoMLMetric.F1 => b.F1Score,
                    _ => b.LogLoss,
                };
            case AutoMLTask.MulticlassClassification:
                var m = ml.MulticlassClassification.Evaluate(scored, label);
                return metric switch
                {
                    AutoMLMetric.MicroAccuracy => m.MicroAccuracy,
                    AutoMLMetric.MacroAccuracy => m.MacroAccuracy,
                    AutoMLMetric.LogLoss => m.LogLoss,
                    _ => m.ConfusionMatrix.PerClassPrecision.Zip(m.ConfusionMatrix.PerClassRecall,
                        (p, r) => p + r > 0 ? 2 * p * r / (p + r) : 0).Average(), // macro-F1 (scikit-learn's f1_score average='macro')
                };
            default:
                var r2 = ml.Regression.Evaluate(scored, label);
                return metric switch
                {
                    AutoMLMetric.Mae => r2.MeanAbsoluteError,
                    AutoMLMetric.RSquared => r2.RSquared,
                    _ => r2.RootMeanSquaredError,
                };
        }
    }
}
