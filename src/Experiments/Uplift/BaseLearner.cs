using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace MarketLab.Experiments.Uplift;

/// <summary>
/// An ML.NET trainer used inside a meta-learner: a factory that builds the estimator for given columns.
/// Classifiers must output a <c>Probability</c> column, regressors a <c>Score</c> column, as ML.NET's
/// binary-classification and regression trainers do. Any trainer fits, so the AutoML engine can tune them.
/// </summary>
public sealed record BaseLearner(string Name, BaseLearnerKind Kind, Func<MLContext, TrainerColumns, IEstimator<ITransformer>> Create)
{
    /// <summary>LightGBM binary classifier; one thread by default so results repeat exactly.</summary>
    public static BaseLearner LightGbmClassifier(int leaves = 15, int trees = 100, double learningRate = 0.05, int minimumExamplesPerLeaf = 50, int threads = 1) =>
        new($"LightGbm(leaves={leaves}, trees={trees})", BaseLearnerKind.Classifier, (ml, c) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = c.Label, FeatureColumnName = c.Features, ExampleWeightColumnName = c.Weight,
            NumberOfLeaves = leaves, NumberOfIterations = trees, LearningRate = learningRate,
            MinimumExampleCountPerLeaf = minimumExamplesPerLeaf, NumberOfThreads = threads, Seed = 1, Silent = true,
        }));

    /// <summary>LightGBM regressor; one thread by default so results repeat exactly.</summary>
    public static BaseLearner LightGbmRegressor(int leaves = 15, int trees = 100, double learningRate = 0.05, int minimumExamplesPerLeaf = 50, int threads = 1) =>
        new($"LightGbmRegression(leaves={leaves}, trees={trees})", BaseLearnerKind.Regressor, (ml, c) => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = c.Label, FeatureColumnName = c.Features, ExampleWeightColumnName = c.Weight,
            NumberOfLeaves = leaves, NumberOfIterations = trees, LearningRate = learningRate,
            MinimumExampleCountPerLeaf = minimumExamplesPerLeaf, NumberOfThreads = threads, Seed = 1, Silent = true,
        }));

    /// <summary>FastTree binary classifier.</summary>
    public static BaseLearner FastTreeClassifier(int leaves = 20, int trees = 100, int minimumExamplesPerLeaf = 50) =>
        new($"FastTree(leaves={leaves}, trees={trees})", BaseLearnerKind.Classifier, (ml, c) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = c.Label, FeatureColumnName = c.Features, ExampleWeightColumnName = c.Weight,
            NumberOfLeaves = leaves, NumberOfTrees = trees, MinimumExampleCountPerLeaf = minimumExamplesPerLeaf, NumberOfThreads = 1,
        }));

    /// <summary>L-BFGS logistic regression (also the default propensity model).</summary>
    public static BaseLearner LogisticRegression(float l2 = 1f) =>
        new("LbfgsLogisticRegression", BaseLearnerKind.Classifier, (ml, c) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = c.Label, FeatureColumnName = c.Features, ExampleWeightColumnName = c.Weight, L2Regularization = l2, NumberOfThreads = 1,
        }));

    /// <summary>SDCA regression.</summary>
    public static BaseLearner SdcaRegressor() =>
        new("SdcaRegression", BaseLearnerKind.Regressor, (ml, c) => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = c.Label, FeatureColumnName = c.Features, ExampleWeightColumnName = c.Weight, NumberOfThreads = 1,
        }));
}
