using System.Diagnostics;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Data.Tabular;
using Microsoft.ML;

namespace MarketLab.Experiments.Recommendation.Rerank;

/// <summary>
/// Fits the LightGBM re-ranker with our AutoML (<see cref="AutoMLExperiment"/>, LightGBM only, binary, AUC on a
/// stratified 20% holdout of the rows, CFO tuner, one thread): the training table of <see cref="RerankTrainingSet"/>
/// goes in as an in-memory feature table, the best trial is refitted on all rows and wrapped as a
/// <see cref="RerankerRecommender"/> over the statistics of the whole training sequences.
/// </summary>
/// <remarks>
/// The holdout splits rows, not users, so a user's positive and negatives can fall on both sides; it only chooses
/// LightGBM's settings, and the reported figures come from the ranking protocol on held-out items. Pointwise binary
/// AUC stands in for a ranking objective, which our AutoML does not offer.
/// </remarks>
public static class RerankerTrainer
{
    /// <summary>Builds the training rows, searches LightGBM settings and refits the best.</summary>
    /// <param name="split">The split (training items only are read).</param>
    /// <param name="options">Search budget, negatives, shortlist, seed.</param>
    /// <param name="log">Progress lines: the table, each finished trial, the choice.</param>
    /// <param name="cancellation">Stops the search (finished trials are kept).</param>
    public static RerankerRecommender Fit(LeaveOneOutSplit split, RerankerOptions options, Action<string>? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var categories = RerankStatistics.CategoriesOf(split);
        var table = RerankTrainingSet.Build(split, options, categories);
        var names = RerankFeatures.Names(categories is not null);
        log?.Invoke(FormattableString.Invariant(
            $"Reranker: {table.Labels.Length:N0} training rows ({table.Users:N0} positives, negatives {options.HardNegatives} from the shortlist + {options.UniformNegatives} uniform per user), {names.Length} features{(categories is null ? "" : " (with categories)")}, built in {clock.Elapsed.TotalSeconds:F1} s"));

        var data = new InMemoryDataView([.. names, RerankerRecommender.LabelColumn], [.. table.Columns, table.Labels]);
        var ml = new MLContext(options.Seed);
        var experiment = ml.Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = RerankerRecommender.LabelColumn, Metric = AutoMLMetric.Auc,
            Trainers = [TrainerName.LightGbm], TimeBudget = options.TimeBudget, MaxTrials = options.MaxTrials,
            DeterministicCost = options.MaxTrials is not null, Folds = 0, Seed = options.Seed, Workers = 1, TotalThreads = 1,
            TrialTimeout = options.MaxTrials is null ? AutoMLExperimentOptions.DefaultTrialTimeout(options.TimeBudget) : null,
        });
        var progress = new Lines(p => log?.Invoke(FormattableString.Invariant(
            $"Reranker AutoML trial {p.TrialsDone}: {p.Trial.Learner} {(p.Trial.Status == AutoML.Tuners.TrialStatus.Succeeded ? $"AUC {p.Trial.Metric:F4}" : $"failed ({p.Trial.Error})")} in {p.Trial.DurationSeconds:F1} s; best {p.Best?.Metric:F4}; {Math.Max(0, p.Remaining.TotalSeconds):F0} s left")));
        // The workflow is synchronous (as SASRec's training); the search runs its trials on dedicated threads and never
        // needs this thread back, so waiting here cannot deadlock.
        var result = experiment.RunAsync(data, progress, cancellation).GetAwaiter().GetResult();
        var best = result.Best ?? throw new InvalidOperationException(
            $"The re-ranker's AutoML search finished no trial in {result.Trials.Count} tried: {string.Join("; ", result.Trials.Select(t => t.Error).Where(e => e is not null).Distinct().Take(3))}");
        var model = experiment.Refit(best);
        var stats = RerankStatistics.Build(split.Users.Select(u => u.Train), split.Vocabulary, categories);
        string description = FormattableString.Invariant(
            $"LightGBM trial {best.Id} of {result.Trials.Count} (holdout AUC {best.Metric:F4}): {best.Parameters.ToJson()}");
        log?.Invoke($"Reranker: {description}; fitted in {clock.Elapsed.TotalSeconds:F1} s");
        return new RerankerRecommender(model, stats, split.Vocabulary, options, description);
    }

    // Reports synchronously on the reporting thread (Progress<T> would post to the thread pool and reorder lines).
    private sealed class Lines(Action<AutoMLProgress> report) : IProgress<AutoMLProgress>
    {
        public void Report(AutoMLProgress value) => report(value);
    }
}
