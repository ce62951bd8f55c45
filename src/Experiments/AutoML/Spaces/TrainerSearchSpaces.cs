using static MarketLab.Experiments.AutoML.Search.CostDirection;
using static MarketLab.Experiments.AutoML.Search.ParameterScale;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;

namespace MarketLab.Experiments.AutoML.Spaces;

/// <summary>
/// Default hyper-parameter spaces per ML.NET trainer, kept as data: option names are ML.NET's, ranges
/// follow ML.NET AutoML's sweepable-estimator defaults and FLAML's (Wang et al., MLSys 2021) low-cost
/// starting points: 4 trees of 4 leaves, so the first trial of every tree learner is cheap.
/// </summary>
public static class TrainerSearchSpaces
{
    private const double Tiny = 1.0 / 1024; // 2^-10, ML.NET AutoML's lower end for rates and fractions

    // Feature (column) fraction per tree from 0.1: on sparse n-gram features a fraction near 2^-10 leaves most trees
    // without a usable feature (FLAML bounds colsample_bytree below by 0.01).
    private const double MinFeatureFraction = 0.1;

    // SDCA's L1Regularization is a soft threshold on the weights (ML.NET's former L1Threshold; its auto default is
    // 0 for few features) that scales with 1 / L2: ML.NET AutoML's default L1 = 1 zeroed every weight on the UCI
    // sentiment split (test AUC exactly 0.5) and on UCI online shoppers (0.55). Measured on the UCI sentiment split
    // (bench --automl-acceptance): L1 <= 0.01 with L2 in [1e-4, 1e-2] scores 0.87-0.90 AUC; L2 = 1e-4 is best but
    // takes 4-60 s, so the default is the cheap L2 = 0.01 (0.88 in 0.3 s) and the search may go lower.
    private static readonly SearchSpace Linear = new(
        Float("L1Regularization", 1e-4, 1, 1e-3),
        Float("L2Regularization", 1e-4, 1, 0.01));

    // L-BFGS sums the loss over rows, as scikit-learn's LogisticRegression does, so FLAML's range for 1 / C
    // (C in [2^-5, 2^15], start 1) bounds the weights from above at 32: ML.NET AutoML's upper end 32768 left
    // chance-level models for a large part of the space. Default L1 = L2 = 1 (ML.NET's and FLAML's start).
    private static readonly SearchSpace Lbfgs = new(
        Float("L1Regularization", 1.0 / 32768, 32, 1),
        Float("L2Regularization", 1.0 / 32768, 32, 1));

    private static readonly SearchSpace FastTree = new(
        Int("NumberOfLeaves", 4, 32768, 4, LowIsCheap),
        Int("NumberOfTrees", 4, 32768, 4, LowIsCheap),
        Int("MinimumExampleCountPerLeaf", 2, 128, 20),
        Int("MaximumBinCountPerFeature", 8, 1024, 256),
        Float("FeatureFraction", MinFeatureFraction, 1, 1),
        Float("LearningRate", Tiny, 1, 0.1));

    private static readonly SearchSpace FastForest = new(
        Int("NumberOfLeaves", 4, 32768, 4, LowIsCheap),
        Int("NumberOfTrees", 4, 32768, 4, LowIsCheap),
        Float("FeatureFraction", MinFeatureFraction, 1, 1));

    private static readonly SearchSpace LightGbm = new(
        Int("NumberOfLeaves", 4, 32768, 4, LowIsCheap),
        Int("NumberOfTrees", 4, 32768, 4, LowIsCheap),
        Int("MinimumExampleCountPerLeaf", 2, 128, 20),
        Int("MaximumBinCountPerFeature", 8, 1024, 256),
        Float("LearningRate", Tiny, 1, 0.1),
        Float("FeatureFraction", MinFeatureFraction, 1, 1),
        // FLAML's lower bound: a bagging fraction near 0 leaves LightGBM no rows ("num_data > 0" fails).
        Float("SubsampleFraction", 0.1, 1, 1),
        Float("L1Regularization", Tiny, 1024, Tiny),
        Float("L2Regularization", Tiny, 1024, 1));

    // Relative costs are rough priors for a default (cheap) trial; ECI replaces them with measured costs.
    private static readonly IReadOnlyDictionary<AutoMLTask, LearnerSpace[]> ByTask = new Dictionary<AutoMLTask, LearnerSpace[]>
    {
        [AutoMLTask.BinaryClassification] =
        [
            new(nameof(TrainerName.LightGbm), LightGbm, 1),
            new(nameof(TrainerName.FastTree), FastTree, 1.5),
            new(nameof(TrainerName.FastForest), FastForest, 1.5),
            new(nameof(TrainerName.SdcaLogisticRegression), Linear, 1),
            new(nameof(TrainerName.LbfgsLogisticRegression), Lbfgs, 1),
        ],
        [AutoMLTask.MulticlassClassification] =
        [
            new(nameof(TrainerName.LightGbm), LightGbm, 1),
            new(nameof(TrainerName.FastTreeOva), FastTree, 3),
            new(nameof(TrainerName.SdcaMaximumEntropy), Linear, 1),
            new(nameof(TrainerName.LbfgsMaximumEntropy), Lbfgs, 1),
        ],
        [AutoMLTask.Regression] =
        [
            new(nameof(TrainerName.LightGbm), LightGbm, 1),
            new(nameof(TrainerName.FastTree), FastTree, 1.5),
            new(nameof(TrainerName.FastForest), FastForest, 1.5),
            new(nameof(TrainerName.Sdca), Linear, 1),
            new(nameof(TrainerName.LbfgsPoisson), Lbfgs, 1),
        ],
    };

    /// <summary>The trainers searched for <paramref name="task"/>, each with its own space.</summary>
    public static IReadOnlyList<LearnerSpace> For(AutoMLTask task) =>
        ByTask.TryGetValue(task, out var learners)
            ? learners
            : throw new ArgumentOutOfRangeException(nameof(task), task, $"Allowed: {string.Join(", ", ByTask.Keys)}.");

    /// <summary>The space of one trainer for <paramref name="task"/>.</summary>
    public static SearchSpace For(AutoMLTask task, TrainerName trainer) =>
        For(task).FirstOrDefault(l => l.Name == trainer.ToString())?.Space
        ?? throw new ArgumentOutOfRangeException(nameof(trainer), trainer,
            $"Not searched for {task}; allowed: {string.Join(", ", For(task).Select(l => l.Name))}.");

    /// <summary>
    /// Caps <c>NumberOfTrees</c> and <c>NumberOfLeaves</c> at the number of training rows (at least 8, at most
    /// 32768), as FLAML bounds <c>n_estimators</c> and <c>num_leaves</c> by the data size. Without it a random
    /// search on 2,400 sentences drew FastForest configurations of tens of thousands of trees and leaves; their
    /// fits ignored the trial timeout and the process was killed by the kernel at 24 GB.
    /// <para>
    /// LightGBM's first tree must be able to split, or ML.NET cannot read the booster back
    /// (<see cref="Trainers.LightGbmSplitGuard"/>). So <c>MinimumExampleCountPerLeaf</c> is capped at a fortieth of the
    /// rows (at least 3) and LightGBM's <c>SubsampleFraction</c> (row bagging) is bounded below by 5 × that cap / rows (and
    /// FLAML's 0.1): a fold trains on at least half of the rows (any k >= 2; 4/5 with the 20% holdout), so a bag holds at
    /// least 2.5 leaves' worth of rows and the root can always split in two (the floor stops at 0.9 for under 17 rows). With the earlier cap of a fifth of the rows
    /// and bagging down to 0.1, the Yelp review-sentiment spec drew 104 rows per leaf for a bag of 78 rows (issue 16).
    /// LightGBM's <c>L1Regularization</c> is capped at a hundredth of the rows (at least 1): L1 soft-thresholds a leaf's
    /// gradient sum (|g| &lt;= 1 per row for log loss), and at 1024 on a few hundred rows no split had a positive gain.
    /// </para>
    /// </summary>
    public static LearnerSpace BoundByRows(LearnerSpace learner, int rows)
    {
        ArgumentNullException.ThrowIfNull(learner);
        var cap = Math.Clamp(rows, 8, 32768);
        var leafCap = Math.Max(3, rows / 40);
        var l1Cap = Math.Max(1.0, rows / 100.0);
        var isLightGbm = learner.Name == nameof(TrainerName.LightGbm);
        var leafMax = learner.Space.Parameters.OfType<IntParameter>().FirstOrDefault(p => p.Name == "MinimumExampleCountPerLeaf") is { } leaf
            ? Math.Min(leaf.Max, leafCap)
            : leafCap;
        // Below 17 rows the floor would pass 0.9; a range needs some width, and on data that small the guard names any failure.
        var bagFloor = Math.Min(0.9, 5.0 * leafMax / Math.Max(rows, 1));
        return learner with
        {
            Space = new SearchSpace(learner.Space.Parameters.Select(p => p switch
            {
                IntParameter { Name: "NumberOfTrees" or "NumberOfLeaves" } ip when ip.Max > cap =>
                    new IntParameter(ip.Name, ip.Min, cap, Math.Min(ip.Default.AsInt(), cap), ip.Scale, ip.Cheap),
                IntParameter { Name: "MinimumExampleCountPerLeaf" } ip when ip.Max > leafCap =>
                    new IntParameter(ip.Name, Math.Min(ip.Min, leafCap), leafCap, Math.Min(ip.Default.AsInt(), leafCap), ip.Scale, ip.Cheap),
                FloatParameter { Name: "SubsampleFraction" } fp when isLightGbm && fp.Min < bagFloor =>
                    new FloatParameter(fp.Name, bagFloor, Math.Max(fp.Max, bagFloor), Math.Max(fp.Default.AsDouble(), bagFloor), fp.Scale, fp.Cheap),
                FloatParameter { Name: "L1Regularization" } fp when isLightGbm && fp.Max > l1Cap =>
                    new FloatParameter(fp.Name, fp.Min, l1Cap, Math.Min(fp.Default.AsDouble(), l1Cap), fp.Scale),
                _ => p,
            })),
        };
    }

    /// <summary>L-BFGS's default L2 on TF-IDF text: 1 / C with C = 4 (see <see cref="WithTextDefaults"/>).</summary>
    public const double TextLbfgsL2 = 0.25;

    /// <summary>SDCA's default L2 on TF-IDF text (SDCA averages the loss: C = 1 / (n λ), about 5 on 2,000 rows).</summary>
    public const double TextSdcaL2 = 1e-4;

    /// <summary>
    /// Default points for free text featurized as TF-IDF (L2-normalised blocks, no min-max scaling). The best linear text
    /// models are weakly regularised: scikit-learn's logistic regression on the same features (word 1-2 + char_wb 2-5,
    /// sublinear) scores, on the acceptance split of UCI sentiment, test AUC 0.9043 at C = 0.05, 0.9306 at C = 1,
    /// 0.9349 at C = 4, 0.9361 at C = 16; on a 1,500-query BANKING77 sample, macro-F1 0.13 at C = 0.07, 0.69 at
    /// C = 0.7, 0.76 at C = 4, 0.78 at C = 16. So the L-BFGS learners (summed loss: L2 = 1 / C) start at L1 = its lower
    /// end (2^-15; an L1 of 1 zeroes most n-gram weights of unit-norm documents) and L2 = <see cref="TextLbfgsL2"/>, and
    /// the SDCA learners (mean loss; their tabular default L2 = 0.01 is C ≈ 0.07 on 1,500 rows) at L1 = L2 = the lower
    /// end of their range, <see cref="TextSdcaL2"/>. Ranges are unchanged; other learners are returned as they are.
    /// </summary>
    public static LearnerSpace WithTextDefaults(LearnerSpace learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        double? l2 = learner.Name switch
        {
            nameof(TrainerName.LbfgsLogisticRegression) or nameof(TrainerName.LbfgsMaximumEntropy) or nameof(TrainerName.LbfgsPoisson) => TextLbfgsL2,
            nameof(TrainerName.SdcaLogisticRegression) or nameof(TrainerName.SdcaMaximumEntropy) or nameof(TrainerName.Sdca) => TextSdcaL2,
            _ => null,
        };
        if (l2 is not { } value) return learner;
        return learner with
        {
            Space = new SearchSpace(learner.Space.Parameters.Select(p => p switch
            {
                FloatParameter { Name: "L1Regularization" } fp => new FloatParameter(fp.Name, fp.Min, fp.Max, fp.Min, fp.Scale, fp.Cheap),
                FloatParameter { Name: "L2Regularization" } fp => new FloatParameter(fp.Name, fp.Min, fp.Max, Math.Clamp(value, fp.Min, fp.Max), fp.Scale, fp.Cheap),
                _ => p,
            })),
        };
    }

    /// <summary>
    /// One nested space: a choice named <paramref name="choiceName"/> whose options are the learners, each
    /// carrying its own sub-space (for tuners without a learner selector: random, grid, SMAC).
    /// </summary>
    public static SearchSpace Nested(IEnumerable<LearnerSpace> learners, string choiceName = "Trainer") =>
        new(new ChoiceParameter(choiceName, learners.Select(l => new ChoiceOption(l.Name, l.Space))));

    private static IntParameter Int(string name, int min, int max, int @default, CostDirection cheap = None) =>
        new(name, min, max, @default, Log, cheap);

    private static FloatParameter Float(string name, double min, double max, double @default) =>
        new(name, min, max, @default, Log);
}
