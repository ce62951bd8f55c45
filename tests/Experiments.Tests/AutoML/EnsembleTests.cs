using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using Microsoft.ML;
using Microsoft.ML.Data;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.AutoML;

public sealed class EnsembleTests
{
    // AUC as the Mann-Whitney statistic (ties count one half), written here independently of ML.NET's evaluator.
    private static double Auc(bool[] labels, double[] scores)
    {
        double pairs = 0, wins = 0;
        for (var i = 0; i < labels.Length; i++)
            if (labels[i])
                for (var j = 0; j < labels.Length; j++)
                    if (!labels[j])
                    {
                        pairs++;
                        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }

        return wins / pairs;
    }

    [Fact]
    public async Task The_top_k_ensemble_averages_the_best_trials_probabilities_on_the_validation_rows()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300, seed: 6));
        var options = new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Random, MaxTrials = 6, Seed = 4,
            // The trial count ends the search; the budget is only a guard, generous so that a loaded machine (OpenMP learners
            // oversubscribed by parallel tests or another process) cannot cut it short.
            TimeBudget = TimeSpan.FromMinutes(10),
            Trainers = [TrainerName.LightGbm, TrainerName.FastTree, TrainerName.LbfgsLogisticRegression],
        };
        var experiment = new MLContext(0).Auto().CreateExperiment(options);
        var result = await experiment.RunAsync(data, null, default, kinds);

        var ensemble = experiment.TryEnsemble(result, k: 3);

        Assert.NotNull(ensemble);
        Assert.Equal(result.Leaderboard.Take(3).Select(t => t.Id), ensemble.Members.Select(t => t.Id));
        // Recompute: each member fitted on the holdout's training rows, probabilities averaged, AUC by Mann-Whitney.
        var view = InMemoryDataView.From(data);
        var labels = view.Values<bool>("label");
        var (train, validation) = Assert.Single(FoldSplitter.Split(labels.Select(l => l.ToString()).ToArray(), 0, 0.2, options.Seed));
        var mean = new double[validation.Length];
        foreach (var member in ensemble.Members)
        {
            var model = experiment.GetEstimator(member).Fit(view.Take(train));
            var p = model.Transform(view.Take(validation)).GetColumn<float>("Probability").ToArray();
            for (var i = 0; i < mean.Length; i++) mean[i] += p[i] / 3.0;
        }

        Assert.Equal(Auc(validation.Select(i => labels[i]).ToArray(), mean), ensemble.Metric, 4);
        Assert.Equal(result.Best!.Metric, ensemble.BestTrialMetric);
        Assert.Equal(ensemble.Metric > ensemble.BestTrialMetric, ensemble.BeatsBestTrial);
        Assert.Equal(view.RowCount, ensemble.PredictProbabilities(experiment, data).Length);
    }

    [Fact]
    public async Task Ensemble_selection_weights_its_picks_and_reports_the_weighted_means_validation_auc()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300, seed: 6));
        var options = new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Random, MaxTrials = 8, Seed = 4,
            TimeBudget = TimeSpan.FromMinutes(10), // the trial count ends the search (see above)
            Trainers = [TrainerName.LightGbm, TrainerName.FastTree, TrainerName.LbfgsLogisticRegression],
        };
        var experiment = new MLContext(0).Auto().CreateExperiment(options);
        var result = await experiment.RunAsync(data, null, default, kinds);

        var ensemble = experiment.TrySelectEnsemble(result, library: 3, rounds: 10);

        Assert.NotNull(ensemble);
        // The library: the 3 best trials and the best trial of every other learner.
        var library = result.Leaderboard.Take(3).Union(result.Leaderboard.GroupBy(t => t.Learner).Select(g => g.First())).Select(t => t.Id).ToHashSet();
        Assert.All(ensemble.Members, m => Assert.Contains(m.Id, library));
        Assert.Equal(1.0, ensemble.Weights.Sum(), 12);
        // Weights are pick counts over at most 10 rounds: each a multiple of 1/n for the ensemble's round n.
        Assert.Contains(Enumerable.Range(1, 10), n => ensemble.Weights.All(w => Math.Abs(w * n - Math.Round(w * n)) < 1e-9));
        Assert.All(ensemble.Weights, w => Assert.True(w > 0));
        // The first round picks the best single trial, so the best round can only be at least as good.
        Assert.True(ensemble.Metric >= ensemble.BestTrialMetric - 1e-12, $"{ensemble.Metric} < {ensemble.BestTrialMetric}");
        Assert.Equal(ensemble.Metric > ensemble.BestTrialMetric, ensemble.BeatsBestTrial);

        // Recompute: each member fitted on the holdout's training rows, the weighted mean, AUC by Mann-Whitney.
        var view = InMemoryDataView.From(data);
        var labels = view.Values<bool>("label");
        var (train, validation) = Assert.Single(FoldSplitter.Split(labels.Select(l => l.ToString()).ToArray(), 0, 0.2, options.Seed));
        var mean = new double[validation.Length];
        for (var m = 0; m < ensemble.Members.Count; m++)
        {
            var model = experiment.GetEstimator(ensemble.Members[m]).Fit(view.Take(train));
            var p = model.Transform(view.Take(validation)).GetColumn<float>("Probability").ToArray();
            for (var i = 0; i < mean.Length; i++) mean[i] += p[i] * ensemble.Weights[m];
        }

        Assert.Equal(Auc(validation.Select(i => labels[i]).ToArray(), mean), ensemble.Metric, 4);

        // The refitted ensemble predicts the weighted mean of its members' probabilities.
        var refitted = experiment.RefitEnsemble(ensemble);
        Assert.Equal(ensemble.Weights, refitted.Weights);
        var members = ensemble.Members.Select(m => experiment.Refit(m).Transform(data).GetColumn<float>("Probability").ToArray()).ToArray();
        var scores = refitted.PredictProbabilities(data);
        for (var i = 0; i < scores.Length; i++)
            Assert.Equal(members.Select((p, m) => p[i] * ensemble.Weights[m]).Sum(), scores[i], 5);
    }
}
