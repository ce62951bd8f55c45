using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>Cheap trials (issue 16): featurized folds shared between trials, and a per-trial limit that adapts to the budget and to measured costs.</summary>
public sealed class TrialCostTests
{
    private static readonly Lazy<(IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds)> Text =
        new(() => AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 200, text: true)));

    [Theory]
    [InlineData(60, 60, new double[0], 30)]              // nothing succeeded yet: half of the budget left,
    [InlineData(600, 100, new double[0], 60)]            // ... at least the fixed rule (a tenth of the budget, at least 10 s),
    [InlineData(600, 30, new double[0], 30)]             // ... but not past the budget left
    [InlineData(40, 30, new[] { 0.2, 0.5, 0.3 }, 1.5)]   // 5 x median 0.3 s = 1.5 s, above a fortieth of 40 s (1 s)
    [InlineData(40, 30, new[] { 0.1, 0.1 }, 1)]          // 5 x 0.1 s = 0.5 s, raised to a fortieth of the budget
    [InlineData(40, 30, new[] { 2.0, 4.0 }, 15)]         // 5 x median 3 s = 15 s, at most half of the 30 s left
    [InlineData(40, 10, new[] { 2.0, 4.0 }, 5)]
    [InlineData(40, 0.5, new[] { 0.1 }, 1)]              // never below 1 s
    public void The_limit_follows_the_median_trial_within_the_budget(double budget, double remaining, double[] succeeded, double expected) =>
        Assert.Equal(expected, TrialTimeoutPolicy.For(TimeSpan.FromSeconds(budget), TimeSpan.FromSeconds(remaining), succeeded).TotalSeconds, 9);

    [Theory]
    [InlineData(nameof(TrainerName.LbfgsLogisticRegression))]
    [InlineData(nameof(TrainerName.SdcaLogisticRegression))]
    [InlineData(nameof(TrainerName.FastTree))]
    [InlineData(nameof(TrainerName.LightGbm))]
    public void A_trial_on_cached_features_scores_as_the_whole_pipeline_fitted_per_fold(string learner)
    {
        var options = new AutoMLExperimentOptions { Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Folds = 3, Seed = 7, TimeBudget = TimeSpan.FromMinutes(5) };
        var data = InMemoryDataView.From(Text.Value.Data);
        var plan = Featurizer.Plan(data, "label", AutoMLTask.BinaryClassification, Text.Value.Kinds);
        Assert.True(plan.HasText);
        var labels = data.Values<bool>("label").Select(b => b.ToString()).ToArray();
        var folds = FoldSplitter.Split(labels, 3, 0.2, 7);
        var space = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, Enum.Parse<TrainerName>(learner));
        var evaluator = new TrialEvaluator(options, plan, data, folds);
        foreach (var (id, word) in new[] { (0, 1), (1, 3), (2, 1) }) // trial 2 reuses trial 0's featurizer setting from the cache
        {
            var parameters = new ParameterSet(space.Default.Concat(FeaturizerSearchSpace.Text.Default.Select(p =>
                p.Key == FeaturizerSearchSpace.WordNgrams ? new KeyValuePair<string, ParameterValue>(p.Key, ParameterValue.Choice($"1-{word}")) : p)));
            var trial = new Trial(id, parameters, learner);
            var record = evaluator.Run(trial, CancellationToken.None)!;
            Assert.Equal(TrialStatus.Succeeded, record.Status);

            // The reference: featurizer and trainer fitted together on each fold's training rows, as before the cache.
            var ml = new MLContext(options.Seed + id);
            var expected = folds.Select(f => AutoMLMetrics.Compute(ml, options.Task, options.EffectiveMetric,
                evaluator.Pipeline(ml, trial, mapPredictedLabel: false).Fit(data.Take(f.Train)).Transform(data.Take(f.Validation)))).ToArray();
            Assert.Equal(expected.Length, record.FoldMetrics.Count);
            for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], record.FoldMetrics[i], 9);
        }
    }

    [Fact]
    public async Task Adaptive_limits_start_at_half_the_budget_left_and_then_follow_measured_costs()
    {
        var limits = new System.Collections.Concurrent.ConcurrentDictionary<int, TimeSpan?>();
        var options = new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Random, MaxTrials = 4, Seed = 5, Workers = 1,
            TimeBudget = TimeSpan.FromSeconds(400), Trainers = [TrainerName.LbfgsLogisticRegression], AdaptiveTrialTimeout = true,
            BeforeTrial = (t, _) => limits[t.Id] = t.Timeout,
        };
        var data = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 200));
        var result = await new MLContext(0).Auto().CreateExperiment(options).RunAsync(data.Data, null, default, data.Kinds);
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.InRange(limits[0]!.Value.TotalSeconds, 190, 200); // half of the budget left (400 s less the featurization) before anything succeeded
        // Afterwards 5 x the median trial (L-BFGS on 160 rows: well under 2 s), at least a fortieth of the budget.
        Assert.All(Enumerable.Range(1, 3), id => Assert.InRange(limits[id]!.Value.TotalSeconds, 10, 20));

        limits.Clear();
        await new MLContext(0).Auto().CreateExperiment(options with { TrialTimeout = TimeSpan.FromSeconds(30) }).RunAsync(data.Data, null, default, data.Kinds);
        Assert.All(limits.Values, l => Assert.Null(l)); // a fixed timeout is not adapted
    }
}
