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
}
