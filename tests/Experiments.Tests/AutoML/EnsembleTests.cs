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

    private const int Seed = 4;

    // A random search of a given number of trials over three learners on 300 seeded rows (20% holdout). The trial count
    // ends the search; the budget is only a guard, generous so that a loaded machine (OpenMP learners oversubscribed by
    // parallel tests or another process) cannot cut it short.
    private static async Task<(IDataView Data, AutoMLExperiment Experiment, AutoMLResult Result)> Search(int trials)
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300, seed: 6));
        var experiment = new MLContext(0).Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Random, MaxTrials = trials, Seed = Seed,
            TimeBudget = TimeSpan.FromMinutes(10), Folds = 0, // one holdout: the references below recompute its validation rows
            Trainers = [TrainerName.LightGbm, TrainerName.FastTree, TrainerName.LbfgsLogisticRegression],
        });
        return (data, experiment, await experiment.RunAsync(data, null, default, kinds));
    }

    // Six random-search trials on a seeded 3-class problem, judged by micro accuracy.
    private static async Task<(IDataView Data, AutoMLExperiment Experiment, AutoMLResult Result)> MulticlassSearch()
    {
        var (data, kinds) = AutoMLTestData.Load(AutoMLTestData.MulticlassCsv(rows: 300, seed: 3));
        var experiment = new MLContext(0).Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.MulticlassClassification, LabelColumn = "label", Tuner = TunerKind.Random, MaxTrials = 6, Seed = Seed,
            TimeBudget = TimeSpan.FromMinutes(10), Metric = AutoMLMetric.MicroAccuracy, Folds = 0,
            Trainers = [TrainerName.LightGbm, TrainerName.LbfgsMaximumEntropy, TrainerName.SdcaMaximumEntropy],
        });
        return (data, experiment, await experiment.RunAsync(data, null, default, kinds));
    }

    [Fact]
    public async Task The_top_k_ensemble_averages_the_best_trials_probabilities_on_the_validation_rows()
    {
        var (data, experiment, result) = await Search(trials: 6);

        var ensemble = experiment.TryEnsemble(result, k: 3);

        Assert.NotNull(ensemble);
        Assert.Equal(result.Leaderboard.Take(3).Select(t => t.Id), ensemble.Members.Select(t => t.Id));
        // Recompute: each member fitted on the holdout's training rows, probabilities averaged, AUC by Mann-Whitney.
        var view = InMemoryDataView.From(data);
        var labels = view.Values<bool>("label");
        var (train, validation) = Assert.Single(FoldSplitter.Split(labels.Select(l => l.ToString()).ToArray(), 0, 0.2, Seed));
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
        var (data, experiment, result) = await Search(trials: 8);

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
        var (train, validation) = Assert.Single(FoldSplitter.Split(labels.Select(l => l.ToString()).ToArray(), 0, 0.2, Seed));
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

    // scikit-learn 1.2.1 (Debian python3-sklearn): LogisticRegression(C=1/lambda, solver="newton-cg", tol=1e-14) on the
    // logits of the two columns below (clipped to [1e-6, 1 - 1e-6]); intercept, then the two coefficients. (The lbfgs
    // solver stops about 1e-6 short of the optimum even at tol=1e-12.)
    [Theory]
    [InlineData(1.0, 12, -0.08189042265221953, 0.9114251337820515, 0.623241980542571)]
    [InlineData(0.25, 8, -0.5524113840585759, 1.8656742309065117, 1.1488224533277616)]
    public void The_logistic_stacker_matches_scikit_learn(double lambda, int rows, double intercept, double w1, double w2)
    {
        double[] p1 = [0.9, 0.8, 0.3, 0.2, 0.65, 0.1, 0.55, 0.7, 0.4, 0.95, 0.05, 0.6];
        double[] p2 = [0.7, 0.4, 0.6, 0.1, 0.8, 0.3, 0.2, 0.9, 0.35, 0.85, 0.25, 0.5];
        bool[] y = [true, true, false, false, true, false, false, true, true, true, false, false];
        var stacker = LogisticStacker.Fit([p1, p2], y, Enumerable.Range(0, rows).ToArray(), lambda);
        Assert.Equal(intercept, stacker.Intercept, 7);
        Assert.Equal(w1, stacker.Weights[0], 7);
        Assert.Equal(w2, stacker.Weights[1], 7);
        var z = intercept + w1 * Math.Log(0.9 / 0.1) + w2 * Math.Log(0.7 / 0.3);
        Assert.Equal(1 / (1 + Math.Exp(-z)), stacker.Predict([0.9, 0.7]), 6);
    }

    // SciPy (Debian python3-scipy; BFGS, then Nelder-Mead, then BFGS, gtol 1e-13) on the objective of
    // LogisticStacker.FitMulticlass over the ten 3-class rows below: tests/Experiments.Tests/Fixtures/stacking/log_pool_reference.py.
    [Theory]
    [InlineData(1.0, 1e-4, 0.28772061721119, 0.2787597230586901, 1.6004007970382332, 0.23557482151002365)]
    [InlineData(0.1, 0.5, 0.20704779728046172, 0.3037524619487932, 3.8053663234723487, -0.42238952937075225)]
    public void The_multiclass_stacker_matches_a_scipy_fit_of_the_pool(double lambda, double mu, double b1, double b2, double w1, double w2)
    {
        float[] p1 = [0.7f, 0.2f, 0.1f, 0.1f, 0.8f, 0.1f, 0.3f, 0.3f, 0.4f, 0.6f, 0.1f, 0.3f, 0.2f, 0.5f, 0.3f, 0.1f, 0.2f, 0.7f, 0.5f, 0.4f, 0.1f, 0.2f, 0.2f, 0.6f, 0.4f, 0.4f, 0.2f, 0.3f, 0.6f, 0.1f];
        float[] p2 = [0.5f, 0.3f, 0.2f, 0.3f, 0.4f, 0.3f, 0.2f, 0.2f, 0.6f, 0.4f, 0.4f, 0.2f, 0.1f, 0.7f, 0.2f, 0.3f, 0.3f, 0.4f, 0.6f, 0.2f, 0.2f, 0.1f, 0.3f, 0.6f, 0.2f, 0.5f, 0.3f, 0.5f, 0.3f, 0.2f];
        uint[] keys = [1, 2, 3, 1, 2, 3, 2, 3, 1, 2]; // 1-based, as ML.NET's label keys
        var stacker = LogisticStacker.FitMulticlass([p1, p2], keys, 3, null, lambda, mu);
        // The SciPy fit saw the decimal values; ours reads them as float, so the optimum may move in the 7th digit.
        Assert.Equal(0, stacker.ClassIntercepts![0]);
        Assert.Equal(w1, stacker.Weights[0], 5);
        Assert.Equal(w2, stacker.Weights[1], 5);
        Assert.Equal(b1, stacker.ClassIntercepts![1], 5);
        Assert.Equal(b2, stacker.ClassIntercepts[2], 5);

        // Row 0's pooled probabilities by the formula.
        double[] z = [w1 * Math.Log(0.7) + w2 * Math.Log(0.5), b1 + w1 * Math.Log(0.2) + w2 * Math.Log(0.3), b2 + w1 * Math.Log(0.1) + w2 * Math.Log(0.2)];
        var total = z.Sum(Math.Exp);
        var predicted = stacker.PredictClasses([p1, p2], 0);
        for (var c = 0; c < 3; c++) Assert.Equal(Math.Exp(z[c]) / total, predicted[c], 5);
        Assert.Equal(1.0, predicted.Sum(), 12);
    }

    [Fact]
    public void With_two_classes_the_multiclass_stacker_is_the_binary_one()
    {
        // The binary stacker matches scikit-learn above; the pool over (1 − p, p) with a free intercept is the same model.
        double[] p1 = [0.9, 0.8, 0.3, 0.2, 0.65, 0.1, 0.55, 0.7, 0.4, 0.95, 0.05, 0.6];
        double[] p2 = [0.7, 0.4, 0.6, 0.1, 0.8, 0.3, 0.2, 0.9, 0.35, 0.85, 0.25, 0.5];
        bool[] y = [true, true, false, false, true, false, false, true, true, true, false, false];
        var binary = LogisticStacker.Fit([p1, p2], y);
        float[] Pairs(double[] p) => [.. p.SelectMany(v => new[] { (float)(1 - v), (float)v })];
        var pooled = LogisticStacker.FitMulticlass([Pairs(p1), Pairs(p2)], [.. y.Select(l => l ? 2u : 1u)], 2, interceptPenalty: 0);
        Assert.Equal(binary.Intercept, pooled.ClassIntercepts![1], 5);
        Assert.Equal(binary.Weights[0], pooled.Weights[0], 5);
        Assert.Equal(binary.Weights[1], pooled.Weights[1], 5);
    }

    [Fact]
    public void The_multiclass_stacker_weighs_an_informative_member_over_a_noisy_one_and_keeps_an_absent_class_finite()
    {
        // Seeded simulation: 4 classes, 600 rows; member A puts 0.7 on the true class, member B is uniform noise; class 4
        // never occurs in the labels.
        var random = new Random(11);
        const int rows = 600, width = 4;
        var a = new float[rows * width];
        var b = new float[rows * width];
        var keys = new uint[rows];
        for (var i = 0; i < rows; i++)
        {
            var y = random.Next(3);
            keys[i] = (uint)y + 1;
            var noise = Enumerable.Range(0, width).Select(_ => random.NextDouble() + 0.05).ToArray();
            for (var c = 0; c < width; c++)
            {
                a[i * width + c] = c == y ? 0.7f : 0.1f;
                b[i * width + c] = (float)(noise[c] / noise.Sum());
            }
        }

        var stacker = LogisticStacker.FitMulticlass([a, b], keys, width);
        Assert.True(stacker.Weights[0] > 1 && Math.Abs(stacker.Weights[1]) < 0.3, string.Join(", ", stacker.Weights));
        Assert.True(double.IsFinite(stacker.ClassIntercepts![3]) && stacker.ClassIntercepts[3] < stacker.ClassIntercepts.Take(3).Min(), string.Join(", ", stacker.ClassIntercepts));
        // Pooled, the true class gets more than member A's 0.7 on average: the pool sharpens a calibrated-but-timid member.
        var mean = Enumerable.Range(0, rows).Average(i => stacker.PredictClasses([a, b], i)[keys[i] - 1]);
        Assert.True(mean > 0.7, $"{mean}");
    }

    [Fact]
    public async Task The_stacked_ensemble_is_scored_out_of_fold_and_refits_with_its_stacker()
    {
        var (data, experiment, result) = await Search(trials: 6);

        var ensemble = experiment.TryStackEnsemble(result, library: 3, metaFolds: 4);

        Assert.NotNull(ensemble);
        Assert.NotNull(ensemble.Stacker);
        Assert.Equal(ensemble.Members.Count, ensemble.Weights.Count);
        // Recompute the out-of-fold score: members fitted on the holdout's training rows, the stacker on 3 of 4
        // stratified parts of the holdout rows, predicted on the fourth; AUC by Mann-Whitney.
        var view = InMemoryDataView.From(data);
        var labels = view.Values<bool>("label");
        var (train, validation) = Assert.Single(FoldSplitter.Split(labels.Select(l => l.ToString()).ToArray(), 0, 0.2, Seed));
        var probabilities = ensemble.Members.Select(m => (IReadOnlyList<double>)experiment.GetEstimator(m).Fit(view.Take(train))
            .Transform(view.Take(validation)).GetColumn<float>("Probability").Select(p => (double)p).ToArray()).ToArray();
        var y = validation.Select(i => labels[i]).ToArray();
        var stacked = new double[y.Length];
        foreach (var (fit, predict) in FoldSplitter.Split(y.Select(l => l ? "1" : "0").ToArray(), 4, 0, Seed))
        {
            var stacker = LogisticStacker.Fit(probabilities, y, fit);
            foreach (var i in predict) stacked[i] = stacker.Predict(probabilities.Select(p => p[i]).ToArray());
        }

        Assert.Equal(Auc(y, stacked), ensemble.Metric, 4);
        Assert.Equal(ensemble.Metric > ensemble.BestTrialMetric, ensemble.BeatsBestTrial);
        var final = LogisticStacker.Fit(probabilities, y);
        Assert.Equal(final.Intercept, ensemble.Stacker.Intercept, 5);

        // The refitted model applies the stacker to its members' probabilities.
        var refitted = experiment.RefitEnsemble(ensemble);
        var members = ensemble.Members.Select(m => experiment.Refit(m).Transform(data).GetColumn<float>("Probability").ToArray()).ToArray();
        var scores = refitted.PredictProbabilities(data);
        for (var i = 0; i < scores.Length; i += 17)
            Assert.Equal(ensemble.Stacker.Predict(members.Select(p => (double)p[i]).ToArray()), scores[i], 5);
    }

    [Fact]
    public async Task The_search_keeps_each_trials_validation_predictions_as_a_refit_on_the_fold_makes_them()
    {
        var (data, experiment, result) = await Search(trials: 6);

        var kept = experiment.KeptPredictions;
        Assert.NotNull(kept);
        var view = InMemoryDataView.From(data);
        var labels = view.Values<bool>("label");
        var (train, validation) = Assert.Single(FoldSplitter.Split(labels.Select(l => l.ToString()).ToArray(), 0, 0.2, Seed));
        Assert.Equal(result.Leaderboard.Count, kept.Count); // every succeeded trial, none of the failed ones
        foreach (var trial in result.Leaderboard.Take(3))
        {
            Assert.True(kept.TryGet(trial.Id, out var folds));
            var fold = Assert.Single(folds);
            Assert.Equal(1, fold.Width);
            Assert.Null(fold.Keys);
            var refit = experiment.GetEstimator(trial).Fit(view.Take(train)).Transform(view.Take(validation)).GetColumn<float>("Probability").ToArray();
            Assert.Equal(validation.Length, fold.Values.Length);
            for (var i = 0; i < refit.Length; i++) Assert.Equal(refit[i], fold.Values[i], 5);
        }
    }

    // scikit-learn 1.2.1 (Debian python3-sklearn) on these 8 rows, predictions = argmax (ties to the first class):
    // f1_score(average="macro") 0.611111111111111, accuracy_score 0.625, balanced_accuracy_score 0.611111111111111,
    // log_loss 0.9689424150086929.
    [Theory]
    [InlineData(AutoMLMetric.MacroF1, 0.611111111111111)]
    [InlineData(AutoMLMetric.MicroAccuracy, 0.625)]
    [InlineData(AutoMLMetric.MacroAccuracy, 0.611111111111111)]
    [InlineData(AutoMLMetric.LogLoss, 0.9689424150086929)]
    public void Averaged_class_scores_are_scored_as_scikit_learn_scores_them(AutoMLMetric metric, double expected)
    {
        uint[] keys = [1, 1, 2, 3, 3, 3, 2, 1]; // classes 0, 1, 2 as 1-based keys
        double[] scores = [.6, .3, .1, .2, .5, .3, .3, .4, .3, .1, .2, .7, .3, .3, .4, .5, .1, .4, .2, .2, .6, .4, .4, .2];
        Assert.Equal(expected, EnsembleCandidate.ScoreMulticlass(new MLContext(0), metric, keys, scores, 3), 6);
    }

    [Fact]
    public async Task Multiclass_ensemble_selection_averages_class_probabilities_and_refits_to_the_class_values()
    {
        var (data, experiment, result) = await MulticlassSearch();

        var ensemble = experiment.TrySelectEnsemble(result, library: 3, rounds: 10);

        Assert.NotNull(ensemble);
        Assert.Equal(1.0, ensemble.Weights.Sum(), 12);
        Assert.True(ensemble.Metric >= ensemble.BestTrialMetric - 1e-12, $"{ensemble.Metric} < {ensemble.BestTrialMetric}");

        // Recompute on the holdout: each member fitted on its training rows, class scores weighted, argmax against the label.
        var view = InMemoryDataView.From(data);
        var labels = view.Values<ReadOnlyMemory<char>>("label").Select(l => l.ToString()).ToArray();
        var (train, validation) = Assert.Single(FoldSplitter.Split(labels, 0, 0.2, Seed));
        double[][]? mean = null;
        string[] classes = [];
        for (var m = 0; m < ensemble.Members.Count; m++)
        {
            var scored = experiment.GetEstimator(ensemble.Members[m]).Fit(view.Take(train)).Transform(view.Take(validation));
            var names = default(VBuffer<ReadOnlyMemory<char>>);
            scored.Schema["Score"].GetSlotNames(ref names);
            classes = names.DenseValues().Select(n => n.ToString()).ToArray();
            var rows = scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
            mean ??= rows.Select(r => new double[r.Length]).ToArray();
            for (var i = 0; i < rows.Length; i++)
                for (var c = 0; c < rows[i].Length; c++) mean[i][c] += rows[i][c] * ensemble.Weights[m];
        }

        Assert.Equal(3, classes.Length);
        var right = mean!.Select((p, i) => classes[Array.IndexOf(p, p.Max())] == labels[validation[i]]).Count(r => r);
        Assert.Equal((double)right / validation.Length, ensemble.Metric, 6);

        // The refitted ensemble: weighted mean of the members' class probabilities, labels are the class values.
        var refitted = experiment.RefitEnsemble(ensemble);
        Assert.True(refitted.IsMulticlass);
        Assert.Throws<InvalidOperationException>(() => refitted.PredictProbabilities(data));
        var (refitClasses, probabilities) = refitted.PredictClassProbabilities(data);
        Assert.Equal(new[] { "blue", "green", "red" }, refitClasses.Order());
        var members = ensemble.Members.Select(m => experiment.Refit(m).Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray()).ToArray();
        for (var i = 0; i < probabilities.Length; i += 7)
            for (var c = 0; c < 3; c++)
                Assert.Equal(members.Select((p, m) => p[i][c] * ensemble.Weights[m]).Sum(), probabilities[i][c], 5);
        var predicted = refitted.PredictLabels(data);
        Assert.True(predicted.Zip(labels).Count(p => p.First == p.Second) > 0.7 * labels.Length, "the ensemble fits its training rows");
    }

    [Fact]
    public async Task The_multiclass_stacked_ensemble_is_scored_out_of_fold_and_refits_with_its_pool()
    {
        var (data, experiment, result) = await MulticlassSearch();

        var ensemble = experiment.TryStackEnsemble(result, library: 3, metaFolds: 4);

        Assert.NotNull(ensemble);
        var stacker = Assert.IsType<LogisticStacker>(ensemble.Stacker);
        Assert.Equal(3, stacker.ClassIntercepts!.Count);
        Assert.Equal(ensemble.Members.Count, stacker.Weights.Count);

        // Recompute from the members' validation predictions kept by the search (one holdout fold; that they are what a
        // refit on the fold gives is checked above): the pool fitted on 3 of 4 stratified parts of the holdout rows and
        // applied to the fourth, accuracy of the argmax against the label keys; then the final pool on all of them.
        var folds = ensemble.Members.Select(m => Assert.Single(experiment.KeptPredictions!.TryGet(m.Id, out var f) ? f : [])).ToArray();
        var keys = folds[0].Keys!;
        var columns = folds.Select(f => (IReadOnlyList<float>)f.Values).ToArray();
        var right = 0;
        foreach (var (fit, predict) in FoldSplitter.Split(keys.Select(k => k.ToString()).ToArray(), 4, 0, Seed))
        {
            var partial = LogisticStacker.FitMulticlass(columns, keys, 3, fit);
            right += predict.Count(i => AutoMLEnsembleModel.ArgMax(partial.PredictClasses(columns, i).Select(p => (float)p).ToArray()) == keys[i] - 1);
        }

        Assert.Equal((double)right / keys.Length, ensemble.Metric, 6);
        var final = LogisticStacker.FitMulticlass(columns, keys, 3);
        for (var m = 0; m < final.Weights.Count; m++) Assert.Equal(final.Weights[m], stacker.Weights[m], 9);
        for (var c = 0; c < 3; c++) Assert.Equal(final.ClassIntercepts![c], stacker.ClassIntercepts[c], 9);

        // The refitted ensemble pools its members' class probabilities with the stacker.
        var refitted = experiment.RefitEnsemble(ensemble);
        var (classes, probabilities) = refitted.PredictClassProbabilities(data);
        var members = ensemble.Members.Select(m => (IReadOnlyList<float>)experiment.Refit(m).Transform(data).GetColumn<VBuffer<float>>("Score").SelectMany(v => v.DenseValues()).ToArray()).ToArray();
        for (var i = 0; i < probabilities.Length; i += 11)
        {
            var expected = stacker.PredictClasses(members, i);
            for (var c = 0; c < classes.Count; c++) Assert.Equal(expected[c], probabilities[i][c], 5);
        }
    }
}
