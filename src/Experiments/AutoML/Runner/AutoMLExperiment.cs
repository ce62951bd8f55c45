using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// An AutoML search in ML.NET AutoML's spirit (<c>mlContext.Auto().CreateExperiment(options)</c>): featurize
/// by column type, propose trials with a tuner, train them in parallel under time, trial and memory budgets,
/// record each in the <see cref="TrialStore"/> as it finishes, and resume a killed run by replaying the store.
/// The coordinator (this class) alone touches the tuner and the store; workers only train.
/// </summary>
public sealed class AutoMLExperiment
{
    private readonly MLContext _ml;
    private readonly AutoMLExperimentOptions _options;
    private InMemoryDataView? _data;
    private FeaturizationPlan? _plan;
    private IReadOnlyList<(int[] Train, int[] Validation)> _folds = [];
    private ValidationPredictions? _predictions;
    private ValidationGroups.Grouping? _grouping;
    private string _validation = "";

    // Validation predictions are kept for this many best trials (and the best of every learner); the ensemble library
    // (K best + best per learner, K = 8 by default) draws from them. More than this many held triggers the pruning.
    private const int PredictionsKept = 32;

    internal AutoMLExperiment(MLContext ml, AutoMLExperimentOptions options)
    {
        options.Validate();
        _ml = ml;
        _options = options;
    }

    /// <summary>The validation predictions kept from the last run's trials (null when a cluster ran them).</summary>
    internal ValidationPredictions? KeptPredictions => _predictions;

    /// <summary>The validated options.</summary>
    public AutoMLExperimentOptions Options => _options;

    /// <summary>Runs the search on <paramref name="data"/> until a budget is spent, the tuner is exhausted, or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="data">Training data; <paramref name="columnKinds"/> optionally carries kinds inferred on load.</param>
    /// <param name="progress">Told after every finished trial (replayed ones are not reported).</param>
    /// <param name="cancellationToken">Stops the run; running trials are discarded, finished ones kept.</param>
    /// <param name="columnKinds">Kinds from <see cref="CsvDataLoader.Load"/>.</param>
    public async Task<AutoMLResult> RunAsync(IDataView data, IProgress<AutoMLProgress>? progress = null,
        CancellationToken cancellationToken = default, IReadOnlyDictionary<string, ColumnKind>? columnKinds = null)
    {
        var workbench = TrialWorkbench.Prepare(_options, data, columnKinds);
        _data = workbench.Data;
        _plan = workbench.Plan;
        _folds = workbench.Folds;
        _grouping = workbench.Grouping;
        _validation = workbench.Validation;
        _options.Log?.Invoke(_validation);
        if (_grouping is not null) _options.Log?.Invoke(_grouping.Description);
        var executor = _options.Executor ?? workbench;
        _predictions = ReferenceEquals(executor, workbench) ? workbench.Predictions : null;
        var tuner = TunerFactory.Create(_options, _plan, _data.RowCount, out var zeroShot);
        using var store = _options.StorePath is { } path ? TrialStore.Open(path, ConfigKey()) : null;

        var trials = new List<TrialRecord>();
        var pending = new Queue<Trial>(Replay(tuner, store, trials));
        var watch = Stopwatch.StartNew();
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        runCts.CancelAfter(_options.TimeBudget);
        if (ReferenceEquals(executor, workbench))
        {
            // Featurize the folds before the first trial: the cost falls on the budget, not on the first trials' time limits.
            try { await workbench.WarmUpAsync(runCts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { } // the budget (or the caller) ended the run first: no trial starts
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
            {
                // A featurization error is left to the trials: each records it as its failure.
            }
        }

        var running = new Dictionary<Task<TrialRecord?>, Trial>();
        // In the deterministic mode results reach the tuner in proposal order: a result that finishes early waits in
        // `waiting` for the earlier ones, and proposal k is made once exactly results 0..k-Workers were applied, so
        // the tuner's inputs (and the leaderboard) do not depend on which machine finished first.
        var ordered = _options.DeterministicCost;
        var waiting = new Dictionary<int, TrialRecord?>();
        var order = new Queue<int>();
        var exhausted = false;
        Fill();
        while (running.Count > 0)
        {
            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var trial = running[done];
            running.Remove(done);
            var record = await done.ConfigureAwait(false); // null: stopped by the run ending, not recorded
            if (!ordered)
            {
                if (record is not null) Apply(record);
                Fill();
                continue;
            }

            waiting[trial.Id] = record;
            while (order.Count > 0 && waiting.Remove(order.Peek(), out var next))
            {
                order.Dequeue();
                if (next is not null) Apply(next);
                Fill();
            }
        }

        return new AutoMLResult(_plan, _options.EffectiveMetric, trials.ToArray(), cancellationToken.IsCancellationRequested)
        {
            ZeroShotStarts = zeroShot,
            ValidationGrouping = _grouping?.Description,
            Validation = _validation,
        };

        void Fill()
        {
            while (running.Count + waiting.Count < _options.Workers && !exhausted && !runCts.IsCancellationRequested
                   && (_options.MaxTrials is not { } max || trials.Count + running.Count + waiting.Count < max))
            {
                bool rerun = pending.Count > 0;
                var trial = rerun ? pending.Dequeue() : tuner.Propose();
                if (trial is null) { exhausted = true; break; }
                if (_options.TrialTimeout is null && _options.AdaptiveTrialTimeout)
                    trial = trial with
                    {
                        Timeout = TrialTimeoutPolicy.For(_options.TimeBudget, Max(_options.TimeBudget - watch.Elapsed),
                            trials.Where(t => t.Status == TrialStatus.Succeeded).Select(t => t.DurationSeconds).ToArray()),
                    };
                // A trial resumed from the store keeps its original proposal point: rewriting it with today's count would
                // make the next replay feed the tuner more results before that proposal than it had (a different proposal).
                if (!rerun) store?.WriteProposal(trial.Id, trials.Count);
                if (ordered) order.Enqueue(trial.Id);
                running[executor.RunAsync(trial, runCts.Token)] = trial;
            }
        }

        void Apply(TrialRecord record)
        {
            store?.WriteTrial(record, trials.Count);
            trials.Add(record);
            tuner.Update(ResultFor(record));
            var result = new AutoMLResult(_plan, _options.EffectiveMetric, trials, false);
            if (_predictions is { Count: > 2 * PredictionsKept } held) held.Retain(Library(result, PredictionsKept).Select(t => t.Id).ToHashSet());
            var best = result.Best;
            progress?.Report(new AutoMLProgress(record, trials.Count, best, watch.Elapsed, Max(_options.TimeBudget - watch.Elapsed)));
        }
    }

    /// <summary>The full pipeline (featurizer, trainer, predicted-label mapping) of a trial from the last run.</summary>
    public IEstimator<ITransformer> GetEstimator(TrialRecord trial) =>
        Evaluator().Pipeline(_ml, new Trial(trial.Id, trial.Parameters, IsNested ? null : trial.Learner), mapPredictedLabel: true);

    /// <summary>Fits a trial's pipeline (as <see cref="GetEstimator"/> gives it) on all training data of the last run.</summary>
    public ITransformer Refit(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return RefitMembers([trial])[0];
    }

    /// <summary>Refits <paramref name="trial"/> and writes <c>model.zip</c> (ML.NET) and <c>model.json</c> (its configuration) to <paramref name="directory"/>.</summary>
    /// <returns>The model path.</returns>
    public string SaveBest(TrialRecord trial, string directory)
    {
        Directory.CreateDirectory(directory);
        var model = Refit(trial);
        var modelPath = Path.Combine(directory, "model.zip");
        AutoMLModelFile.Save(_ml, model, _data!.Schema, modelPath);
        var config = new Dictionary<string, object?>
        {
            ["task"] = _options.Task.ToString(), ["label"] = _options.LabelColumn, ["metric"] = _options.EffectiveMetric.ToString(),
            ["trial"] = trial.Id, ["learner"] = trial.Learner, ["validation_metric"] = trial.Metric,
            ["parameters"] = JsonSerializer.Deserialize<JsonElement>(trial.Parameters.ToJson()),
            ["features"] = _plan!.Features.Select(f => new { column = f.Name, kind = f.Kind.ToString(), hashed = f.Hashed }).ToArray(),
        };
        File.WriteAllText(Path.Combine(directory, "model.json"), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        return modelPath;
    }

    /// <summary>The members of <paramref name="ensemble"/> refitted on all training data of the last run, as one model.</summary>
    public AutoMLEnsembleModel RefitEnsemble(EnsembleCandidate ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        return AutoMLEnsembleModel.FromMembers(RefitMembers(ensemble.Members), ensemble.Weights, _data!.Schema, ensemble.Stacker);
    }

    // Trials refitted on all training data: the featurizer fitted once per distinct featurizer setting and its output
    // computed once into memory, as the search's FeatureCache does, then each trainer fitted on it. Each model is its
    // own chain: featurizer, trainer (and the predicted-label mapping for multiclass), the pipeline GetEstimator
    // describes. Fitting that pipeline directly makes every pass of an iterative trainer featurize the rows again: on
    // SST-2's 67k phrases one L-BFGS refit took minutes instead of seconds. Refit(trial) and an ensemble's member are
    // the same model.
    private ITransformer[] RefitMembers(IReadOnlyList<TrialRecord> members)
    {
        var featurized = new Dictionary<string, (ITransformer Featurizer, IDataView Features)>();
        return members.Select(member =>
        {
            var (learner, trainer, featurizer) = TrialEvaluator.Decode(new Trial(member.Id, member.Parameters, IsNested ? null : member.Learner));
            var key = FeatureCache.Key(_plan!, featurizer);
            if (!featurized.TryGetValue(key, out var shared))
            {
                var fitted = Featurizer.Build(_ml, _plan!, featurizer).Fit(_data!);
                var columns = _ml.Transforms.SelectColumns(FeaturizationPlan.LabelColumn, FeaturizationPlan.FeaturesColumn);
                var features = fitted.Transform(_data!);
                featurized[key] = shared = (fitted, FeatureCache.Filled(_ml, columns.Fit(features).Transform(features)));
            }

            // The trial's own seed, as the search fitted it (TrialEvaluator) and FoldPredictions refits it: a trainer that
            // draws from its context (SDCA shuffles) gives the same model whichever refit comes first.
            var model = TrainerFactory.Create(new MLContext(_options.Seed + member.Id), _options.Task, learner, trainer, _options.ThreadsPerTrial, Featurizer.ScalesFeatures(_plan!)).Fit(shared.Features);
            if (_options.Task != AutoMLTask.MulticlassClassification) return (ITransformer)new TransformerChain<ITransformer>(shared.Featurizer, model);
            var labels = _ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(model.Transform(shared.Features));
            return new TransformerChain<ITransformer>(shared.Featurizer, model, labels);
        }).ToArray();
    }

    /// <summary>
    /// Refits the members of <paramref name="ensemble"/> and writes them with <c>ensemble.json</c> to
    /// <paramref name="directory"/>: one folder that <see cref="AutoMLEnsembleModel.Load"/> reads in any process.
    /// </summary>
    /// <returns>The path of <c>ensemble.json</c>.</returns>
    public string SaveEnsemble(EnsembleCandidate ensemble, string directory)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var members = RefitMembers(ensemble.Members);
        var details = new Dictionary<string, object?>
        {
            ["task"] = _options.Task.ToString(), ["label"] = _options.LabelColumn, ["metric"] = ensemble.MetricKind.ToString(),
            ["selection"] = ensemble.Stacker is not null ? "stacking" : ensemble.MemberWeights is null ? "top_k" : "ensemble_selection", ["validation_metric"] = ensemble.Metric, ["best_trial_metric"] = ensemble.BestTrialMetric, ["beats_best_trial"] = ensemble.BeatsBestTrial,
            ["trials"] = ensemble.Members.Select(m => new { trial = m.Id, learner = m.Learner, validation_metric = m.Metric }).ToArray(),
        };
        return AutoMLEnsembleModel.Save(_ml, members, ensemble.Weights, _data!.Schema, directory, details, ensemble.Stacker);
    }

    /// <summary>
    /// Refits <paramref name="trial"/> and writes it as ONNX through Microsoft.ML.OnnxConverter
    /// (<see cref="AutoMLOnnxExport"/>); a step the converter does not support throws <see cref="NotSupportedException"/> naming the learner.
    /// </summary>
    public void SaveAsOnnx(TrialRecord trial, string path) => AutoMLOnnxExport.Write(_ml, Refit(trial), _data!, path, trial.Learner);

    /// <summary>
    /// The top-k ensemble of the last run (binary or multiclass classification): the <paramref name="k"/> best trials'
    /// predicted probabilities (class scores for multiclass) averaged, scored on the same validation folds as the trials
    /// (each member's predictions kept from the search, <see cref="ValidationPredictions"/>, or refitted on each fold's
    /// training rows when they were not kept), equal weights. Offered as the final candidate when
    /// <see cref="EnsembleCandidate.BeatsBestTrial"/>. Null when fewer than two trials succeeded.
    /// <see cref="TrySelectEnsemble"/> chooses members and weights instead.
    /// </summary>
    public EnsembleCandidate? TryEnsemble(AutoMLResult result, int k = 3)
    {
        ArgumentNullException.ThrowIfNull(result);
        RequireClassification();
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), k, "An ensemble needs k >= 2.");
        var members = result.Leaderboard.Take(k).ToArray();
        if (members.Length < 2) return null;
        var folds = FoldPredictions(members);
        var equal = members.Select(_ => 1.0).ToArray();
        var metric = folds.Select(f => Score(result.Metric, f, MeanOf(f.Values, equal))).Average();
        return new EnsembleCandidate(members, metric, result.Best!.Metric, result.Metric);
    }

    /// <summary>
    /// Ensemble selection (Caruana, Niculescu-Mizil, Crew and Ksikes, ICML 2004, "Ensemble selection from libraries of
    /// models", with replacement; the final ensemble of auto-sklearn and AutoGluon) over a library of the run's
    /// <paramref name="library"/> best trials plus the best trial of every other learner (diversity): each of
    /// <paramref name="rounds"/> rounds adds, with replacement, the library member whose addition gives the weighted
    /// probability mean the best validation metric (mean over the trials' folds, on the members' validation predictions
    /// kept from the search or, when not kept, refitted on each fold's training rows; ties go to the better-ranked trial);
    /// the ensemble of the best round is returned, each member weighted by how often it was picked. Binary (probabilities)
    /// or multiclass (class probability vectors) classification. Null when fewer than two trials succeeded; the result
    /// may hold one member (weight 1) when no addition helped, and then does not beat the best trial.
    /// </summary>
    public EnsembleCandidate? TrySelectEnsemble(AutoMLResult result, int library = 8, int rounds = 20)
    {
        ArgumentNullException.ThrowIfNull(result);
        RequireClassification();
        if (library < 2) throw new ArgumentOutOfRangeException(nameof(library), library, "The library needs at least two trials.");
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "At least one round.");
        if (result.Leaderboard.Count < 2) return null;
        var pool = Library(result, library);
        var folds = FoldPredictions(pool);
        // The rounds rank candidates by the metric; for binary AUC computed directly (the exact Mann-Whitney statistic,
        // as ML.NET's evaluator and scikit-learn's roc_auc_score give it), which is much cheaper than a data view and the
        // evaluator per candidate. The chosen ensemble's reported metric comes from the evaluator, as the trials' do.
        var fast = result.Metric == AutoMLMetric.Auc && _options.Task == AutoMLTask.BinaryClassification;
        var truths = fast ? folds.Select(f => f.Labels!.Select(l => l ? 1.0 : 0.0).ToArray()).ToArray() : [];
        double Rank(int f, double[] mean) => fast ? MarketLab.Evaluation.Classification.RankingMetrics.RocAuc(truths[f], mean) : Score(result.Metric, folds[f], mean);
        var counts = new double[pool.Count];
        double bestScore = double.NaN;
        double[] bestCounts = [];
        for (var round = 0; round < rounds; round++)
        {
            int pick = -1;
            double pickScore = double.NaN;
            for (var m = 0; m < pool.Count; m++)
            {
                counts[m]++;
                var score = folds.Select((f, i) => Rank(i, MeanOf(f.Values, counts))).Average();
                counts[m]--;
                if (pick < 0 || AutoMLMetrics.IsBetter(result.Metric, score, pickScore)) (pick, pickScore) = (m, score);
            }

            counts[pick]++;
            if (double.IsNaN(bestScore) || AutoMLMetrics.IsBetter(result.Metric, pickScore, bestScore)) (bestScore, bestCounts) = (pickScore, counts.ToArray());
        }

        var chosen = Enumerable.Range(0, pool.Count).Where(m => bestCounts[m] > 0).ToArray();
        var total = chosen.Sum(m => bestCounts[m]);
        if (fast) bestScore = folds.Select(f => Score(result.Metric, f, MeanOf(f.Values, bestCounts))).Average();
        return new EnsembleCandidate(chosen.Select(m => pool[m]).ToArray(), bestScore, result.Best!.Metric, result.Metric,
            chosen.Select(m => bestCounts[m] / total).ToArray());
    }

    /// <summary>
    /// A stacked ensemble (Wolpert 1992, "Stacked generalization"): the library of <see cref="TrySelectEnsemble"/>,
    /// each member's validation predictions (kept from the search, or refitted on every validation fold's training rows),
    /// and an L2-penalised logistic regression (<see cref="LogisticStacker"/>, penalty <paramref name="lambda"/>) on the
    /// members' logits over the pooled validation rows. Its reported metric is honest twice over: the members never saw
    /// those rows, and each row's stacked probability comes from a meta-learner fitted on the other <paramref name="metaFolds"/> − 1 stratified
    /// parts; the stacker kept is then fitted on all of them. Multiclass: the same with the stacker's multiclass form, a
    /// logarithmic opinion pool (<see cref="LogisticStacker.FitMulticlass"/>). Null when fewer than two trials succeeded.
    /// </summary>
    public EnsembleCandidate? TryStackEnsemble(AutoMLResult result, int library = 8, int metaFolds = 5, double lambda = 1.0)
    {
        ArgumentNullException.ThrowIfNull(result);
        RequireClassification();
        if (library < 2) throw new ArgumentOutOfRangeException(nameof(library), library, "The library needs at least two trials.");
        if (metaFolds < 2) throw new ArgumentOutOfRangeException(nameof(metaFolds), metaFolds, "The meta-learner needs at least two folds.");
        if (result.Leaderboard.Count < 2) return null;
        var pool = Library(result, library);
        var folds = FoldPredictions(pool);
        if (_options.Task == AutoMLTask.MulticlassClassification) return StackMulticlass(result, pool, folds, metaFolds, lambda);
        var labels = folds.SelectMany(f => f.Labels!).ToArray();
        var probabilities = pool.Select((_, m) => (IReadOnlyList<double>)folds.SelectMany(f => f.Values[m].Select(p => (double)p)).ToArray()).ToArray();
        var stacked = new double[labels.Length];
        foreach (var (train, validation) in FoldSplitter.Split(labels.Select(l => l ? "1" : "0").ToArray(), metaFolds, 0, _options.Seed, PooledGroups()))
        {
            var stacker = LogisticStacker.Fit(probabilities, labels, train, lambda);
            foreach (var i in validation) stacked[i] = stacker.Predict(probabilities, i);
        }

        var metric = EnsembleCandidate.Score(_ml, result.Metric, labels, stacked);
        return new EnsembleCandidate(pool, metric, result.Best!.Metric, result.Metric, Stacker: LogisticStacker.Fit(probabilities, labels, null, lambda));
    }

    // The multiclass stacker (a logarithmic opinion pool, LogisticStacker.FitMulticlass) on the pooled validation rows,
    // scored out of fold as the binary one is.
    private EnsembleCandidate StackMulticlass(AutoMLResult result, List<TrialRecord> pool, List<EnsembleFold> folds, int metaFolds, double lambda)
    {
        var width = folds[0].Width;
        var keys = folds.SelectMany(f => f.Keys!).ToArray();
        var probabilities = pool.Select((_, m) => (IReadOnlyList<float>)folds.SelectMany(f => f.Values[m]).ToArray()).ToArray();
        var stacked = new double[keys.Length * width];
        foreach (var (train, validation) in FoldSplitter.Split(keys.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), metaFolds, 0, _options.Seed, PooledGroups()))
        {
            var stacker = LogisticStacker.FitMulticlass(probabilities, keys, width, train, lambda);
            foreach (var i in validation) stacker.PredictClasses(probabilities, i).CopyTo(stacked, i * width);
        }

        var metric = EnsembleCandidate.ScoreMulticlass(_ml, result.Metric, keys, stacked, width);
        return new EnsembleCandidate(pool, metric, result.Best!.Metric, result.Metric, Stacker: LogisticStacker.FitMulticlass(probabilities, keys, width, null, lambda));
    }

    // The validation groups of the pooled validation rows (FoldPredictions' order: fold by fold, each fold's rows in
    // order), so the meta-learner's folds keep a sentence's phrases together as the search's folds did; null: none.
    private int[]? PooledGroups() => _grouping is { } g ? _folds.SelectMany(f => f.Validation.Select(i => g.Group[i])).ToArray() : null;

    // The ensemble library: the best trials, then the best trial of every learner not among them.
    private static List<TrialRecord> Library(AutoMLResult result, int library)
    {
        var pool = result.Leaderboard.Take(library).ToList();
        foreach (var best in result.Leaderboard.GroupBy(t => t.Learner).Select(g => g.First()))
            if (!pool.Contains(best)) pool.Add(best);
        return pool;
    }

    private void RequireClassification()
    {
        if (_options.Task == AutoMLTask.Regression)
            throw new NotSupportedException($"The ensembles average class probabilities; the task is {_options.Task}.");
    }

    /// <summary>One validation fold for the ensembles: binary labels or multiclass label keys, and each member's
    /// predictions (<see cref="ValidationPredictions.Fold"/>'s layout, <paramref name="Width"/> per row).</summary>
    private sealed record EnsembleFold(bool[]? Labels, uint[]? Keys, int Width, List<float[]> Values);

    private double Score(AutoMLMetric metric, EnsembleFold fold, double[] mean) =>
        fold.Keys is { } keys
            ? EnsembleCandidate.ScoreMulticlass(_ml, metric, keys, mean, fold.Width)
            : EnsembleCandidate.Score(_ml, metric, fold.Labels!, mean);

    // Each member's predictions on each validation fold: kept from the search (ValidationPredictions), or the member
    // refitted on the fold's training rows (the trial's own seed) when they were not kept. Both come from the same fit.
    private List<EnsembleFold> FoldPredictions(IReadOnlyList<TrialRecord> members)
    {
        var evaluator = Evaluator();
        var folds = new List<EnsembleFold>();
        for (var f = 0; f < _folds.Count; f++)
        {
            var (train, validation) = _folds[f];
            var rows = _data!.Take(validation);
            bool[]? labels = _options.Task != AutoMLTask.BinaryClassification ? null
                : _plan!.LabelKind == ColumnKind.Boolean ? rows.Values<bool>(_plan.Label)
                : rows.Values<float>(_plan.Label).Select(v => v == 1).ToArray();
            uint[]? keys = null;
            var width = 1;
            var values = new List<float[]>();
            foreach (var member in members)
            {
                ValidationPredictions.Fold fold;
                if (_predictions is not null && _predictions.TryGet(member.Id, out var kept) && kept.Length == _folds.Count) fold = kept[f];
                else
                {
                    var ml = new MLContext(_options.Seed + member.Id);
                    var model = evaluator.Pipeline(ml, new Trial(member.Id, member.Parameters, IsNested ? null : member.Learner), mapPredictedLabel: false).Fit(_data.Take(train));
                    fold = ValidationPredictions.Extract(model.Transform(rows), _options.Task)!;
                }

                if (values.Count > 0 && fold.Width != width)
                    throw new InvalidOperationException($"Trial {member.Id} scores {fold.Width} classes on fold {f}, the other members {width}.");
                width = fold.Width;
                keys ??= fold.Keys;
                values.Add(fold.Values);
            }

            folds.Add(new EnsembleFold(labels, keys, width, values));
        }

        return folds;
    }

    // The weighted mean of the members' predictions (any width: the arrays are averaged element by element).
    private static double[] MeanOf(List<float[]> probabilities, IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var mean = new double[probabilities[0].Length];
        for (var m = 0; m < probabilities.Count; m++)
        {
            if (weights[m] == 0) continue;
            var w = weights[m] / total;
            var p = probabilities[m];
            for (var i = 0; i < mean.Length; i++) mean[i] += p[i] * w;
        }

        return mean;
    }

    private bool IsNested => _options.Tuner != TunerKind.Cfo;

    // What the tuner is told: the measured duration, or with DeterministicCost the configuration's proxy cost.
    private TrialResult ResultFor(TrialRecord record) =>
        _options.DeterministicCost
            ? record.ToResult() with
            {
                CostSeconds = DeterministicCost.Estimate(_options.Task, record.Learner,
                    IsNested ? record.Parameters.GetNested(TrialEvaluator.TrainerChoice) : record.Parameters),
            }
            : record.ToResult();

    private TrialEvaluator Evaluator() =>
        _data is null || _plan is null
            ? throw new InvalidOperationException("Run the experiment (RunAsync) before refitting a trial.")
            : new TrialEvaluator(_options, _plan, _data, []);

    private static TimeSpan Max(TimeSpan t) => t > TimeSpan.Zero ? t : TimeSpan.Zero;

    private string ConfigKey() =>
        $"task={_options.Task};label={_options.LabelColumn};metric={_options.EffectiveMetric};tuner={_options.Tuner};seed={_options.Seed};" +
        $"folds={(_folds.Count < 2 ? 0 : _folds.Count)};holdout={_options.HoldoutFraction};trainers={string.Join(",", _options.Trainers ?? [])};text={_plan!.HasText}" +
        (_options.TextEmbeddings is { } e ? $";embeddings={e.Model},{e.Pooling},{e.Normalize},{e.MaxLength}{(_options.TextEmbeddingsWithNgrams ? ",with-ngrams" : "")}" : "") +
        (_grouping is { } g ? $";groups={g.Key}" : "") +
        (_options.DeterministicCost ? ";cost=deterministic" : "") +
        (_options.ZeroShot && _options.Tuner == TunerKind.Cfo ? ";zero-shot" : "");

    /// <summary>
    /// Feeds stored results to the fresh (deterministic) tuner in the original interleaving: before proposal i,
    /// the results that had reached the tuner when i was first proposed. Proposed but unfinished trials are returned to run again.
    /// </summary>
    private List<Trial> Replay(ITuner tuner, TrialStore? store, List<TrialRecord> trials)
    {
        var rerun = new List<Trial>();
        if (store is null) return rerun;
        var stored = store.Trials();
        var byId = stored.ToDictionary(t => t.Id);
        var proposals = store.Proposals();
        var applied = 0;
        foreach (var (id, after) in proposals.OrderBy(p => p.Key))
        {
            for (; applied < Math.Min(after, stored.Count); applied++) Apply(stored[applied]);
            var trial = tuner.Propose();
            if (trial is null || trial.Id != id || (byId.TryGetValue(id, out var r) && !r.Parameters.Equals(trial.Parameters)))
                throw new InvalidOperationException($"The run store does not replay: trial {id} was {(byId.TryGetValue(id, out var s) ? s.Parameters.ToString() : "?")}, the tuner now proposes {trial?.Parameters.ToString() ?? "nothing"}. Use another store.");
            if (!byId.ContainsKey(id)) rerun.Add(trial);
        }

        for (; applied < stored.Count; applied++) Apply(stored[applied]);
        return rerun;

        void Apply(TrialRecord record)
        {
            tuner.Update(ResultFor(record));
            trials.Add(record);
        }
    }
}
