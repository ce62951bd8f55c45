using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>Everything an AutoML experiment needs besides the data; validated once when the experiment is created.</summary>
public sealed record AutoMLExperimentOptions
{
    /// <summary>The prediction task.</summary>
    public required AutoMLTask Task { get; init; }

    /// <summary>The label column.</summary>
    public required string LabelColumn { get; init; }

    /// <summary>The metric to optimise; null = the task's first in <see cref="AutoMLMetrics.For"/> (AUC, macro-F1, RMSE).</summary>
    public AutoMLMetric? Metric { get; init; }

    /// <summary>The search strategy.</summary>
    public TunerKind Tuner { get; init; } = TunerKind.Cfo;

    /// <summary>Wall time for the search; no trial starts after it and running ones are stopped and discarded.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Stop after this many finished trials (replayed ones included); null = only the time budget.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>A trial running longer fails with a timeout; null = no fixed per-trial limit (see <see cref="AdaptiveTrialTimeout"/>).</summary>
    public TimeSpan? TrialTimeout { get; init; }

    /// <summary>
    /// When <see cref="TrialTimeout"/> is null: each trial's limit is set from the budget left and the measured trial
    /// costs (<see cref="TrialTimeoutPolicy"/>; the CLI's default). Trials run in this process only; a cluster uses
    /// the fixed <see cref="TrialTimeout"/>.
    /// </summary>
    public bool AdaptiveTrialTimeout { get; init; }

    /// <summary>
    /// The CLI's per-trial timeout for a search of <paramref name="budget"/>: a tenth of the budget, at least 10 s
    /// (60 s budget: 10 s; 600 s: 60 s). One LightGBM proposal with 1,000+ trees took 30-45 s on 1,000 text rows,
    /// half of a 60 s search; cut at 10 s it is recorded as failed and the tuner moves away from it.
    /// </summary>
    public static TimeSpan DefaultTrialTimeout(TimeSpan budget) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(10).Ticks, budget.Ticks / 10));

    /// <summary>
    /// Memory cap in bytes; null = no cap. What is enforced: every 100 ms while a trial runs, the process's managed
    /// heap (<see cref="GC.GetTotalMemory"/>) is compared with the cap; above it, a full collection is forced and,
    /// if the live heap is still above the cap, the trial is cancelled (ML.NET trainers poll the cancellation between iterations) and recorded as failed with
    /// "memory cap exceeded". .NET cannot limit one computation's memory, so this is a process-wide check: native
    /// memory (LightGBM's own buffers) is not counted, parallel trials share the heap, and a spike shorter than the
    /// sampling interval can pass. Each trial's record carries the largest process working set sampled during it.
    /// </summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>
    /// Stratified k-fold cross-validation when ≥ 2 (stratified by label for classification); holdout when 0; null (the
    /// default) chooses by the data (<see cref="ChooseFolds"/>): <see cref="AutoFolds"/>-fold cross-validation for data
    /// without a free-text column and under <see cref="AutoFoldsMaxRows"/> rows, the holdout otherwise.
    /// </summary>
    public int? Folds { get; init; }

    /// <summary>Folds of the automatic choice for small data without free text (<see cref="Folds"/> null).</summary>
    public const int AutoFolds = 5;

    /// <summary>Training rows below which data without free text is cross-validated when <see cref="Folds"/> is null.</summary>
    public const int AutoFoldsMaxRows = 20_000;

    /// <summary>
    /// The folds a run uses: <paramref name="folds"/> when set, else <see cref="AutoFolds"/> when the data has no free-text
    /// column and fewer than <see cref="AutoFoldsMaxRows"/> rows, else 0 (the holdout). Why (docs/automl.md, "Holdout or
    /// cross-validation"): a 20% holdout of a few thousand rows scores a trial with a standard error (AUC about 0.006 on
    /// 2,000 rows) larger than the gaps between the best trials, so picking the best of hundreds of trials fits the
    /// holdout's noise (online shoppers: validation AUC 0.939, test 0.932); five folds score every row once and cost five
    /// cheap fits of tabular data. Free text keeps the holdout because its featurization is repeated per fold (UCI
    /// sentiment at 60 s: 44 trials with five folds against 227). FLAML's <c>eval_method="auto"</c> makes the same kind
    /// of choice (cross-validation for small data, holdout for large).
    /// </summary>
    public static int ChooseFolds(int? folds, bool hasFreeText, int rows) =>
        folds ?? (!hasFreeText && rows < AutoFoldsMaxRows ? AutoFolds : 0);

    /// <summary>Validation share for holdout (stratified for classification).</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>
    /// Rows that stay together in one validation fold (<see cref="Runner.ValidationGroups"/>): <c>auto</c> (default) keeps a
    /// text column's repeated and nested rows with the longest text that holds them when they are at least a tenth of
    /// the rows (phrase-level data such as SST-2, whose training split holds every sub-phrase of its sentences);
    /// <c>none</c> splits rows freely; a column name keeps equal values together (a customer id) and drops the column
    /// from the features. The decision is logged (<see cref="Log"/>) and reported in <see cref="AutoMLResult.ValidationGrouping"/>.
    /// </summary>
    public string ValidationGroups { get; init; } = Runner.ValidationGroups.Auto;

    /// <summary>
    /// Free-text columns become a frozen pretrained encoder's sentence embeddings (<see cref="Models.MLNet.SentenceEmbeddingTransformer"/>;
    /// its column names are set per text column) instead of TF-IDF n-grams (TfIdfTextEstimator); null (default): n-grams, tuned.
    /// </summary>
    public Models.MLNet.SentenceEmbeddingOptions? TextEmbeddings { get; init; }

    /// <summary>
    /// With <see cref="TextEmbeddings"/> set: keep the tuned TF-IDF n-grams of each free-text column and add the sentence
    /// embedding (scaled to unit L2 norm, like each TF-IDF block) beside them, instead of replacing them. The encoder
    /// embeds every distinct text once, before the first trial (the cost falls on the time budget).
    /// </summary>
    public bool TextEmbeddingsWithNgrams { get; init; }

    /// <summary>
    /// Status lines from outside the trials, e.g. the sentence embedding before the first trial (<c>embedding texts:
    /// 6,735/67,349 ...</c>, about ten lines); called on a worker thread. Null: silent.
    /// </summary>
    public Action<string>? Log { get; init; }

    /// <summary>Trials run in parallel.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Threads for all workers together; each trial's trainer gets TotalThreads / Workers (at least 1).</summary>
    public int TotalThreads { get; init; } = 1;

    /// <summary>Seed of the tuner, the fold split and every trial's MLContext.</summary>
    public int Seed { get; init; }

    /// <summary>SQLite run store; when it already holds trials of this configuration the run resumes. Null = in memory only.</summary>
    public string? StorePath { get; init; }

    /// <summary>
    /// Tell the tuner a configuration's <see cref="DeterministicCost"/> instead of its measured duration. With one
    /// worker and a trial budget (<see cref="MaxTrials"/>), a CFO run is then bit-reproducible for a given seed, as
    /// random, grid and SMAC runs are anyway (they do not use cost). Off by default: measured time steers CFO better.
    /// With several <see cref="Workers"/> this mode also hands results to the tuner in proposal order (an early finisher
    /// waits for the trials proposed before it), so the leaderboard does not depend on which trial or machine finished
    /// first: the same seed and worker count give the same leaderboard in one process and on a cluster.
    /// </summary>
    public bool DeterministicCost { get; init; }

    /// <summary>
    /// Where trials run; null = in this process, a dedicated thread per trial (<see cref="TrialWorkbench"/>). The cluster
    /// mode (MarketLab.Cluster) passes one that runs each trial in a slot of a silo; <see cref="Workers"/> is then the
    /// number of trials in flight across the cluster.
    /// </summary>
    public ITrialExecutor? Executor { get; init; }

    /// <summary>Restrict the search to these trainers (null = all of <see cref="TrainerSearchSpaces.For(AutoMLTask)"/>).</summary>
    public IReadOnlyList<TrainerName>? Trainers { get; init; }

    /// <summary>
    /// Zero-shot starts (<see cref="ZeroShotDefaults"/>): CFO tries, right after each learner's low-cost default, the
    /// configuration measured best for that learner on the benchmark dataset nearest to this data by meta-features.
    /// Off by default (docs/automl.md has the measurement). CFO only; other tuners ignore it.
    /// </summary>
    public bool ZeroShot { get; init; }

    /// <summary>The zero-shot table searched when <see cref="ZeroShot"/> is on; null = the embedded one
    /// (<see cref="ZeroShotDefaults.Table"/>). The bench passes the table without the dataset it measures.</summary>
    public IReadOnlyList<ZeroShotEntry>? ZeroShotTable { get; init; }

    /// <summary>Test hook: called on the worker before a trial trains (throw to fail the trial).</summary>
    internal Action<Trial, CancellationToken>? BeforeTrial { get; init; }

    /// <summary>The metric in force.</summary>
    public AutoMLMetric EffectiveMetric => Metric ?? AutoMLMetrics.For(Task)[0];

    /// <summary>Threads per trial.</summary>
    public int ThreadsPerTrial => Math.Max(1, TotalThreads / Workers);

    internal void Validate()
    {
        if (!Enum.IsDefined(Task)) throw new ArgumentOutOfRangeException(nameof(Task), Task, $"Allowed: {string.Join(", ", Enum.GetNames<AutoMLTask>())}.");
        ArgumentException.ThrowIfNullOrWhiteSpace(LabelColumn);
        if (!AutoMLMetrics.For(Task).Contains(EffectiveMetric))
            throw new ArgumentOutOfRangeException(nameof(Metric), Metric, $"Not a {Task} metric; allowed: {string.Join(", ", AutoMLMetrics.For(Task))}.");
        if (!Enum.IsDefined(Tuner)) throw new ArgumentOutOfRangeException(nameof(Tuner), Tuner, $"Allowed: {string.Join(", ", Enum.GetNames<TunerKind>())}.");
        if (TimeBudget <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TimeBudget), TimeBudget, "Must be > 0.");
        if (MaxTrials is < 1) throw new ArgumentOutOfRangeException(nameof(MaxTrials), MaxTrials, "Must be >= 1 (or null).");
        if (TrialTimeout is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TrialTimeout), t, "Must be > 0 (or null).");
        if (MaxMemoryBytes is < 1) throw new ArgumentOutOfRangeException(nameof(MaxMemoryBytes), MaxMemoryBytes, "Must be > 0 (or null).");
        if (Folds is 1 or < 0) throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "Must be 0 (holdout) or >= 2.");
        if (!(HoldoutFraction > 0 && HoldoutFraction < 1)) throw new ArgumentOutOfRangeException(nameof(HoldoutFraction), HoldoutFraction, "Must lie in (0, 1).");
        ArgumentException.ThrowIfNullOrWhiteSpace(ValidationGroups);
        if (TextEmbeddingsWithNgrams && TextEmbeddings is null)
            throw new ArgumentException("TextEmbeddingsWithNgrams adds sentence embeddings beside the n-grams: set TextEmbeddings (the encoder) too.", nameof(TextEmbeddingsWithNgrams));
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "Must be >= 1.");
        if (TotalThreads < 1) throw new ArgumentOutOfRangeException(nameof(TotalThreads), TotalThreads, "Must be >= 1.");
        var allowed = TrainerSearchSpaces.For(Task).Select(l => l.Name).ToArray();
        if (Trainers is { } ts)
        {
            if (ts.Count == 0) throw new ArgumentException("At least one trainer is needed.", nameof(Trainers));
            var bad = ts.FirstOrDefault(x => !allowed.Contains(x.ToString()));
            if (ts.Any(x => !allowed.Contains(x.ToString())))
                throw new ArgumentOutOfRangeException(nameof(Trainers), bad, $"Not a {Task} trainer; allowed: {string.Join(", ", allowed)}.");
        }
    }
}
