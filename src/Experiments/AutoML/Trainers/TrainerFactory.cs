using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;

namespace MarketLab.Experiments.AutoML.Trainers;

/// <summary>
/// Turns a trainer name and its <see cref="ParameterSet"/> (names from <see cref="TrainerSearchSpaces"/>,
/// which are ML.NET option names; the space's <c>NumberOfTrees</c> is LightGBM's <c>NumberOfIterations</c>)
/// into an ML.NET estimator reading <see cref="FeaturizationPlan.LabelColumn"/> and
/// <see cref="FeaturizationPlan.FeaturesColumn"/>. Every trainer gets an explicit thread count; determinism
/// comes from the <see cref="MLContext"/> seed plus one thread. Linear learners get min-max normalisation
/// first (as ML.NET AutoML's sweepable pipelines do) unless the featurizer has scaled the columns itself (TF-IDF text); FastForest binary gets Platt calibration so that every
/// binary trainer outputs a probability (log loss needs it).
/// </summary>
public static class TrainerFactory
{
    // L-BFGS stops when the loss improves by less than this (relative). ML.NET's default 1e-7 made one trial on Hillstrom's
    // 51,000 rows take 5-14 s of a 40 s search (issue 16); 1e-4 is scikit-learn's LogisticRegression default tol.
    internal const float LbfgsTolerance = 1e-4f;

    private const string Label = FeaturizationPlan.LabelColumn;
    private const string Features = FeaturizationPlan.FeaturesColumn;

    /// <summary>The estimator for <paramref name="trainer"/> on <paramref name="task"/>.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="task">The task.</param>
    /// <param name="trainer">The learner.</param>
    /// <param name="p">Its parameters.</param>
    /// <param name="threads">Threads of the fit.</param>
    /// <param name="scaleFeatures">Min-max scale the features before a linear learner; false when the featurizer has scaled
    /// what needs it and the rest must keep its geometry (TF-IDF text: <see cref="Featurizer.ScalesFeatures"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The trainer is not searched for the task.</exception>
    public static IEstimator<ITransformer> Create(MLContext ml, AutoMLTask task, TrainerName trainer, ParameterSet p, int threads = 1, bool scaleFeatures = true)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(p);
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Must be >= 1.");
        IEstimator<ITransformer> normalize = scaleFeatures ? ml.Transforms.NormalizeMinMax(Features) : new EstimatorChain<ITransformer>();
        IEstimator<ITransformer> estimator = (task, trainer) switch
        {
            (AutoMLTask.BinaryClassification, TrainerName.SdcaLogisticRegression) => normalize.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(
                new SdcaLogisticRegressionBinaryTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, L1Regularization = F(p, "L1Regularization"), L2Regularization = F(p, "L2Regularization"), NumberOfThreads = threads })),
            (AutoMLTask.BinaryClassification, TrainerName.LbfgsLogisticRegression) => normalize.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                new LbfgsLogisticRegressionBinaryTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, L1Regularization = F(p, "L1Regularization"), L2Regularization = F(p, "L2Regularization"), OptimizationTolerance = LbfgsTolerance, NumberOfThreads = threads })),
            (AutoMLTask.BinaryClassification, TrainerName.FastTree) => ml.BinaryClassification.Trainers.FastTree(FastTreeOptions(new FastTreeBinaryTrainer.Options(), p, threads)),
            (AutoMLTask.BinaryClassification, TrainerName.FastForest) => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
            {
                LabelColumnName = Label, FeatureColumnName = Features, NumberOfLeaves = I(p, "NumberOfLeaves"), NumberOfTrees = I(p, "NumberOfTrees"),
                FeatureFraction = p.GetDouble("FeatureFraction"), NumberOfThreads = threads,
            }).Append(ml.BinaryClassification.Calibrators.Platt(Label)),
            (AutoMLTask.BinaryClassification, TrainerName.LightGbm) => new LightGbmSplitGuard(ml.BinaryClassification.Trainers.LightGbm(LightGbmOptions(new LightGbmBinaryTrainer.Options(), p, threads)), p,
                ml.BinaryClassification.Trainers.Prior(Label)),
            (AutoMLTask.MulticlassClassification, TrainerName.SdcaMaximumEntropy) => normalize.Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(
                new SdcaMaximumEntropyMulticlassTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, L1Regularization = F(p, "L1Regularization"), L2Regularization = F(p, "L2Regularization"), NumberOfThreads = threads })),
            (AutoMLTask.MulticlassClassification, TrainerName.LbfgsMaximumEntropy) => normalize.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
                new LbfgsMaximumEntropyMulticlassTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, L1Regularization = F(p, "L1Regularization"), L2Regularization = F(p, "L2Regularization"), OptimizationTolerance = LbfgsTolerance, NumberOfThreads = threads })),
            (AutoMLTask.MulticlassClassification, TrainerName.LightGbm) => new LightGbmSplitGuard(ml.MulticlassClassification.Trainers.LightGbm(LightGbmOptions(new LightGbmMulticlassTrainer.Options(), p, threads)), p),
            (AutoMLTask.MulticlassClassification, TrainerName.FastTreeOva) => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(FastTreeOptions(new FastTreeBinaryTrainer.Options(), p, threads)), Label),
            (AutoMLTask.Regression, TrainerName.Sdca) => normalize.Append(ml.Regression.Trainers.Sdca(
                new SdcaRegressionTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, L1Regularization = F(p, "L1Regularization"), L2Regularization = F(p, "L2Regularization"), NumberOfThreads = threads })),
            (AutoMLTask.Regression, TrainerName.LbfgsPoisson) => normalize.Append(ml.Regression.Trainers.LbfgsPoissonRegression(
                new LbfgsPoissonRegressionTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, L1Regularization = F(p, "L1Regularization"), L2Regularization = F(p, "L2Regularization"), OptimizationTolerance = LbfgsTolerance, NumberOfThreads = threads })),
            (AutoMLTask.Regression, TrainerName.FastTree) => ml.Regression.Trainers.FastTree(FastTreeOptions(new FastTreeRegressionTrainer.Options(), p, threads)),
            (AutoMLTask.Regression, TrainerName.FastForest) => ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
            {
                LabelColumnName = Label, FeatureColumnName = Features, NumberOfLeaves = I(p, "NumberOfLeaves"), NumberOfTrees = I(p, "NumberOfTrees"),
                FeatureFraction = p.GetDouble("FeatureFraction"), NumberOfThreads = threads,
            }),
            (AutoMLTask.Regression, TrainerName.LightGbm) => new LightGbmSplitGuard(ml.Regression.Trainers.LightGbm(LightGbmOptions(new LightGbmRegressionTrainer.Options(), p, threads)), p),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer,
                $"Not a {task} trainer; allowed: {string.Join(", ", TrainerSearchSpaces.For(task).Select(l => l.Name))}."),
        };
        // ML.NET's tree learners share static threading state: one fit of theirs at a time (TreeEnsembleGate).
        return trainer is TrainerName.FastTree or TrainerName.FastForest or TrainerName.FastTreeOva ? new TreeEnsembleGate(estimator) : estimator;
    }

    private static T FastTreeOptions<T>(T o, ParameterSet p, int threads) where T : BoostedTreeOptions
    {
        o.LabelColumnName = Label;
        o.FeatureColumnName = Features;
        o.NumberOfLeaves = I(p, "NumberOfLeaves");
        o.NumberOfTrees = I(p, "NumberOfTrees");
        o.MinimumExampleCountPerLeaf = I(p, "MinimumExampleCountPerLeaf");
        o.MaximumBinCountPerFeature = I(p, "MaximumBinCountPerFeature");
        o.FeatureFraction = p.GetDouble("FeatureFraction");
        o.LearningRate = p.GetDouble("LearningRate");
        o.NumberOfThreads = threads;
        return o;
    }

    // The three LightGBM option classes share a base nested in a 4-parameter generic type, which C# cannot
    // name as a constraint here; dynamic sets the shared fields once instead of three copies.
    private static T LightGbmOptions<T>(T options, ParameterSet p, int threads) where T : class
    {
        dynamic o = options;
        o.LabelColumnName = Label;
        o.FeatureColumnName = Features;
        o.NumberOfLeaves = I(p, "NumberOfLeaves");
        o.NumberOfIterations = I(p, "NumberOfTrees");
        o.MinimumExampleCountPerLeaf = I(p, "MinimumExampleCountPerLeaf");
        o.MaximumBinCountPerFeature = I(p, "MaximumBinCountPerFeature");
        o.LearningRate = p.GetDouble("LearningRate");
        o.NumberOfThreads = threads;
        o.Seed = 1;
        o.Silent = true;
        var subsample = p.GetDouble("SubsampleFraction");
        o.Booster = new GradientBooster.Options
        {
            FeatureFraction = p.GetDouble("FeatureFraction"),
            SubsampleFraction = subsample,
            SubsampleFrequency = subsample < 1 ? 1 : 0, // LightGBM bags only when the frequency is > 0
            L1Regularization = p.GetDouble("L1Regularization"),
            L2Regularization = p.GetDouble("L2Regularization"),
        };
        return options;
    }

    private static int I(ParameterSet p, string name) => p.GetInt(name);

    private static float F(ParameterSet p, string name) => (float)p.GetDouble(name);
}
