using System.Diagnostics;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// Trains and scores one trial on every fold: featurizer and trainer are fitted on the fold's training rows
/// only (no leakage); the featurized folds are shared between trials (<see cref="FeatureCache"/>), the trainer runs in
/// a fresh <see cref="MLContext"/> seeded from the experiment seed and the trial id. Cancellation
/// reaches ML.NET through its internal <c>ICancelable.CancelExecution</c>, which its trainers poll.
/// </summary>
internal sealed class TrialEvaluator(AutoMLExperimentOptions options, FeaturizationPlan plan, InMemoryDataView data,
    IReadOnlyList<(int[] Train, int[] Validation)> folds)
{
    public const string TrainerChoice = "Trainer";

    private readonly FeatureCache _features = new(plan, data, folds, options.Seed);

    /// <summary>The validation predictions of the trials this evaluator ran (classification), for the ensembles.</summary>
    public ValidationPredictions Predictions { get; } = new();

    /// <summary>The learner, its own parameters, and the featurizer parameters of a trial.</summary>
    public static (TrainerName Learner, ParameterSet Trainer, ParameterSet Featurizer) Decode(Trial trial) =>
        trial.Learner is { } name
            ? (Enum.Parse<TrainerName>(name), trial.Parameters, trial.Parameters)
            : (Enum.Parse<TrainerName>(trial.Parameters.GetChoice(TrainerChoice)), trial.Parameters.GetNested(TrainerChoice), trial.Parameters);

    /// <summary>The trial's full pipeline (featurizer + trainer, and key-to-value for multiclass predictions).</summary>
    public IEstimator<ITransformer> Pipeline(MLContext ml, Trial trial, bool mapPredictedLabel)
    {
        var (learner, trainer, featurizer) = Decode(trial);
        var pipeline = Featurizer.Build(ml, plan, featurizer).Append(TrainerFactory.Create(ml, options.Task, learner, trainer, options.ThreadsPerTrial, Featurizer.ScalesFeatures(plan)));
        return mapPredictedLabel && options.Task == AutoMLTask.MulticlassClassification
            ? pipeline.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            : pipeline;
    }

    // MLContext implements ML.NET's internal ICancelable explicitly (ML.NET AutoML reaches it as a friend
    // assembly, AutoMLExperiment.cs); without it a running Fit could not be stopped, so we call it by reflection.
    private static readonly System.Reflection.MethodInfo? Cancel = typeof(MLContext).GetInterfaces()
        .FirstOrDefault(i => i.Name == "ICancelable")?.GetMethod("CancelExecution");

    private static void CancelExecution(MLContext ml) => Cancel?.Invoke(ml, null);

    // .NET timers tick on Linux's coarse monotonic clock (a few ms), so CancelAfter(timeout) could fire just before the
    // trial's Stopwatch reached the timeout (2.998 s recorded for a 3 s timeout). The deadline timer re-arms for what
    // is left, so a trial is never stopped before its timeout.
    private static Timer Deadline(CancellationTokenSource cts, Stopwatch watch, TimeSpan timeout)
    {
        Timer? timer = null;
        timer = new Timer(_ =>
        {
            var left = timeout - watch.Elapsed;
            try
            {
                if (left > TimeSpan.Zero) timer!.Change(left + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
                else cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The trial ended (and disposed its token source and this timer) while the callback was on its way.
            }
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(timeout, Timeout.InfiniteTimeSpan);
        return timer;
    }

    /// <summary>Fills the feature cache of every fold for the default featurizer settings (what the first trials use:
    /// with CFO on text, the tree learners start from their capped vocabulary, <see cref="FeaturizerSearchSpace.TextForTrees"/>).</summary>
    public void WarmUp()
    {
        EmbedTexts();
        var parameters = plan.HasText ? FeaturizerSearchSpace.Text.Default : ParameterSet.Empty;
        for (var fold = 0; fold < folds.Count; fold++) _features.Get(fold, parameters);
        if (plan.HasText && options.Tuner == TunerKind.Cfo && TunerFactory.Learners(options, plan, data.RowCount).Any(l => FeaturizerSearchSpace.IsTreeLearner(l.Name)))
            for (var fold = 0; fold < folds.Count; fold++) _features.Get(fold, FeaturizerSearchSpace.TextForTrees.Default);
    }

    // With sentence embeddings, every distinct text of the text columns is embedded here, once, with progress lines to
    // options.Log; the featurizers of the trials then find each vector in SentenceEmbeddingCache (with the settings
    // Featurizer.Build applies, FeaturizationPlan.AppliedEmbeddings).
    internal void EmbedTexts()
    {
        if (plan.AppliedEmbeddings is not { } embeddings) return;
        var texts = plan.Features.Where(f => f.Kind == ColumnKind.Text)
            .SelectMany(f => data.Values<ReadOnlyMemory<char>>(f.Name)).Select(m => m.ToString()).Distinct(StringComparer.Ordinal).ToArray();
        if (texts.Length == 0) return;
        var log = options.Log;
        var watch = Stopwatch.StartNew();
        log?.Invoke($"embedding {texts.Length:N0} distinct texts with {embeddings.Model} (ONNX Runtime) before the first trial");
        var every = Math.Max(embeddings.BatchSize, texts.Length / 10);
        var reported = 0;
        var progress = log is null ? null : new SynchronousProgress<int>(done =>
        {
            if (done - reported < every && done != texts.Length) return;
            reported = done;
            log($"embedded {done:N0}/{texts.Length:N0} texts ({watch.Elapsed.TotalSeconds:0} s)");
        });
        Models.MLNet.SentenceEmbeddingCache.For(embeddings.ResolveFolder(), embeddings.MaxLength)
            .Embed(texts, embeddings.Pooling, embeddings.Normalize, embeddings.BatchSize, progress);
    }

    /// <summary>Runs the trial; null when <paramref name="runToken"/> stopped it (the run is ending: nothing to record).</summary>
    public TrialRecord? Run(Trial trial, CancellationToken runToken)
    {
        var watch = Stopwatch.StartNew();
        using var trialCts = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        var timeout = trial.Timeout ?? options.TrialTimeout;
        using var deadline = timeout is { } limit ? Deadline(trialCts, watch, limit) : null;
        var ml = new MLContext(options.Seed + trial.Id);
        long peak = Environment.WorkingSet;
        string? memoryFailure = null;
        using var registration = trialCts.Token.Register(() => CancelExecution(ml));
        using var monitor = new Timer(_ =>
        {
            peak = Math.Max(peak, Environment.WorkingSet);
            // Over the cap, a full collection first: garbage (say, of an earlier failed trial) must not fail this one.
            if (options.MaxMemoryBytes is { } cap && memoryFailure is null && GC.GetTotalMemory(false) > cap
                && GC.GetTotalMemory(forceFullCollection: true) is var heap && heap > cap)
            {
                memoryFailure = $"memory cap exceeded: managed heap {heap / 1048576.0:0.#} MiB > cap {cap / 1048576.0:0.#} MiB";
                trialCts.Cancel();
            }
        }, null, 0, 100);
        var (learner, _, _) = Decode(trial);
        var metrics = new List<double>();
        var predictions = new ValidationPredictions.Fold?[folds.Count];
        var token = trialCts.Token;
        // The folds run on their own task so that a timeout or the memory cap ends the trial at once even when the
        // trainer does not poll ML.NET's cancellation (FastTree does not: a 20,000-tree fit ran to its end, 175 s,
        // after CancelExecution). Work that has not stopped within StopGrace is abandoned: it finishes in the
        // background and its result is dropped.
        // A dedicated thread, not the pool: abandoned fits and blocked waits must not starve the timers that end trials.
        var work = Task.Factory.StartNew(() =>
        {
            options.BeforeTrial?.Invoke(trial, token);
            var (_, trainerParameters, featurizerParameters) = Decode(trial);
            for (var fold = 0; fold < folds.Count; fold++)
            {
                token.ThrowIfCancellationRequested();
                // The fold's featurized rows come from the cache (fitted on its training rows once per featurizer setting).
                var (train, validation) = _features.Get(fold, featurizerParameters);
                token.ThrowIfCancellationRequested();
                var model = TrainerFactory.Create(ml, options.Task, learner, trainerParameters, options.ThreadsPerTrial, Featurizer.ScalesFeatures(plan)).Fit(train);
                token.ThrowIfCancellationRequested();
                var scored = model.Transform(validation);
                var metric = AutoMLMetrics.Compute(ml, options.Task, options.EffectiveMetric, scored);
                predictions[fold] = ValidationPredictions.Extract(scored, options.Task);
                lock (metrics) metrics.Add(metric);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            work.Wait(token);
            var mean = metrics.Average();
            if (double.IsFinite(mean) && predictions.All(p => p is not null)) Predictions.Add(trial.Id, predictions.Select(p => p!).ToArray());
            return double.IsFinite(mean)
                ? Record(TrialStatus.Succeeded, mean, null)
                : Record(TrialStatus.Failed, double.NaN, $"the metric is not finite ({mean})");
        }
        catch (Exception) when (runToken.IsCancellationRequested)
        {
            Abandon(work);
            return null;
        }
        catch (Exception) when (trialCts.IsCancellationRequested)
        {
            Abandon(work);
            return Record(TrialStatus.Failed, double.NaN, memoryFailure ?? $"timed out after {timeout?.TotalSeconds:0.###} s");
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            return Record(TrialStatus.Failed, double.NaN, Describe(e.InnerException!));
        }
        catch (Exception e)
        {
            return Record(TrialStatus.Failed, double.NaN, Describe(e));
        }

        static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

        TrialRecord Record(TrialStatus status, double metric, string? error)
        {
            lock (metrics)
                return new(trial.Id, learner.ToString(), trial.Parameters, metrics.ToArray(), metric, watch.Elapsed.TotalSeconds, Math.Max(peak, Environment.WorkingSet), status, error);
        }
    }

    /// <summary>How long a cancelled trial gets to stop (and free its memory) before it is abandoned.</summary>
    internal static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    // Gives the cancelled work StopGrace to end, then observes its eventual exception so it is not reported as unobserved.
    private static void Abandon(Task work)
    {
        try { work.Wait(StopGrace); }
        catch (AggregateException) { } // it stopped by throwing, as cancelled work does
        work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        Data.BackgroundWork.Track(work); // torch workflows wait for it before they start (see BackgroundWork)
    }
}
