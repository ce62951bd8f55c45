using System.Globalization;
using MarketLab.Evaluation.Classification;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Behaviour;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.Recommendation.SasRec;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace MarketLab.Experiments.Recommendation.Propensity;

/// <summary>
/// The Taobao purchase-propensity task (<see cref="TaobaoBehaviour"/>: will the user buy in the last label days, from
/// aggregated features of the days before) with and without a SASRec user embedding added to its features; both
/// feature sets are scored on the same held-out users and compared by DeLong's paired test of correlated AUCs
/// (DeLong, DeLong &amp; Clarke-Pearson 1988, <see cref="DeLongTest"/>).
/// </summary>
/// <remarks>
/// No leakage of the target window or of the held-out users: users are split first (stratified by label, seeded);
/// SASRec is trained on the <b>training users' events before the cut only</b>, as next-category prediction
/// (2,911 categories; items are too sparse for 814 users); the embedding of every user, training or held out, is the
/// final hidden state over their category sequence before the cut (<see cref="SasRecRecommender.Embed"/>; categories
/// not seen in training map to the rare id). The learners are fitted on the training users of each feature set.
/// </remarks>
public static class SequencePropensity
{
    private const string Label = "Label", Features = "Features";

    /// <summary>Runs the comparison.</summary>
    public static SequencePropensityResult Run(SequencePropensityRequest request, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var users = TaobaoBehaviour.Load(request.Path, request.LabelDays);
        var table = users.Features;
        var (train, test) = StratifiedSplit.Indices(table.Labels, table.Classes, request.TestShare, request.Seed);

        // Category sequences before the cut, inside the window (the same events the aggregated features read).
        long cut = TaobaoBehaviour.WindowStart + (TaobaoBehaviour.WindowDays - request.LabelDays) * 86400L;
        var before = BehaviourLog.Read(request.Path, BehaviourLogFormat.TaobaoCsv)
            .Where(e => e.Timestamp >= TaobaoBehaviour.WindowStart && e.Timestamp < cut).ToArray();
        var sequences = UserSequences.Build(SequenceDatasets.Retarget(before, SequenceTarget.Category, request.Path))
            .ToDictionary(s => s.User, StringComparer.Ordinal);
        string Id(int row) => users.UserIds[row].ToString(CultureInfo.InvariantCulture);
        var trainSequences = train.Select(r => sequences[Id(r)]).ToArray();
        log?.Invoke($"SASRec on the pre-cut category sequences of {train.Length} training users...");
        var (split, _, embedding) = SasRecUserEmbeddings.Fit(trainSequences, Enumerable.Range(0, table.Count).Select(r => sequences[Id(r)]).ToArray(), request.SasRec, log);

        var extended = WithEmbedding(table, embedding);
        var y = test.Select(r => table.Labels[r] == TaobaoBehaviour.Buys ? 1.0 : 0.0).ToArray();
        var comparisons = request.Learners.Select(learner =>
        {
            double[] a = Scores(table, train, test, learner, request.Seed), b = Scores(extended, train, test, learner, request.Seed);
            var delong = DeLongTest.Compare(y, a, b);
            log?.Invoke(FormattableString.Invariant($"{learner}: AUC {delong.AucA:F4} without, {delong.AucB:F4} with the embedding (DeLong p = {delong.PValue:G3})"));
            return new PropensityComparison(learner, delong);
        }).ToArray();
        return new SequencePropensityResult(train.Length, test.Length, (int)y.Sum(), table.Names.Count, embedding[0].Length, split.Users.Count, comparisons, embedding);
    }

    /// <summary>The table with one numeric column <c>sasrec_k</c> per embedding dimension appended.</summary>
    internal static LabelledTable WithEmbedding(LabelledTable table, float[][] embedding)
    {
        if (embedding.Length != table.Count) throw new ArgumentException($"{embedding.Length} embeddings for {table.Count} rows.", nameof(embedding));
        int d = embedding.Length == 0 ? 0 : embedding[0].Length;
        var names = Enumerable.Range(0, d).Select(k => $"sasrec_{k}").ToArray();
        var columns = Enumerable.Range(0, d).Select(k => (Array)embedding.Select(e => e[k]).ToArray());
        var kinds = table.Kinds.Concat(names.Select(n => KeyValuePair.Create(n, ColumnKind.Numeric))).ToDictionary();
        return new LabelledTable([.. table.Names, .. names], [.. table.Columns, .. columns], kinds, table.Labels);
    }

    // Fits on the training rows, returns P(buy) of the test rows (numeric features only: mean-imputed, standardised).
    private static double[] Scores(LabelledTable table, int[] train, int[] test, PropensityLearner learner, int seed)
    {
        var ml = new MLContext(seed);
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(Features, [.. table.Names])
            .Append(ml.Transforms.ReplaceMissingValues(Features))
            .Append(ml.Transforms.NormalizeMeanVariance(Features));
        pipeline = learner switch
        {
            PropensityLearner.LogisticRegression => pipeline.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                new LbfgsLogisticRegressionBinaryTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1 })),
            PropensityLearner.LightGbm => pipeline.Append(ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = Label, FeatureColumnName = Features, NumberOfLeaves = 15, NumberOfIterations = 100, LearningRate = 0.05,
                MinimumExampleCountPerLeaf = 20, NumberOfThreads = 1, Seed = 1, Silent = true,
            })),
            _ => throw new ArgumentOutOfRangeException(nameof(learner), learner, "Unknown learner."),
        };
        var model = pipeline.Fit(table.Subset(train).ToDataView(Label, TaobaoBehaviour.Buys));
        var scored = model.Transform(table.Subset(test).ToDataView(Label, TaobaoBehaviour.Buys));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
    }
}
