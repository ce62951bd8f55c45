using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// What every trial of a search shares: the data in memory, the featurization plan and the validation folds, all
/// derived deterministically from the data and the options (the fold split from <see cref="AutoMLExperimentOptions.Seed"/>).
/// Any machine that prepares a workbench from the same data and options therefore scores a trial exactly as any other,
/// which is what lets the cluster mode re-run a trial of a lost machine elsewhere with the same result.
/// As an <see cref="ITrialExecutor"/> it trains in this process, one dedicated thread per trial.
/// </summary>
public sealed class TrialWorkbench : ITrialExecutor
{
    private readonly TrialEvaluator _evaluator;

    private TrialWorkbench(AutoMLExperimentOptions options, InMemoryDataView data, FeaturizationPlan plan,
        IReadOnlyList<(int[] Train, int[] Validation)> folds, ValidationGroups.Grouping? grouping)
    {
        Options = options;
        Grouping = grouping;
        Data = data;
        Plan = plan;
        Folds = folds;
        _evaluator = new TrialEvaluator(options, plan, data, folds);
    }

    /// <summary>The options the workbench was prepared for.</summary>
    public AutoMLExperimentOptions Options { get; }

    /// <summary>The training data, in memory.</summary>
    internal InMemoryDataView Data { get; }

    /// <summary>The featurization chosen for the data.</summary>
    public FeaturizationPlan Plan { get; }

    /// <summary>Rows of the training data.</summary>
    public int RowCount => Data.RowCount;

    /// <summary>How rows were kept together in the folds (<see cref="AutoMLExperimentOptions.ValidationGroups"/>); null: split freely.</summary>
    internal ValidationGroups.Grouping? Grouping { get; }

    /// <summary>One line on how the validation rows were grouped, or null when rows were split freely.</summary>
    public string? ValidationGrouping => Grouping?.Description;

    /// <summary>Training and validation row indices of each fold (one pair for holdout).</summary>
    internal IReadOnlyList<(int[] Train, int[] Validation)> Folds { get; }

    /// <summary>Plans the featurization and splits the folds of <paramref name="data"/> for <paramref name="options"/>.</summary>
    /// <param name="options">The search's options (validated here).</param>
    /// <param name="data">Training data.</param>
    /// <param name="columnKinds">Kinds inferred on load (<see cref="CsvDataLoader.Load"/>), or null.</param>
    public static TrialWorkbench Prepare(AutoMLExperimentOptions options, IDataView data, IReadOnlyDictionary<string, ColumnKind>? columnKinds = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        var memory = InMemoryDataView.From(data);
        var groupColumn = ValidationGroups.ColumnOf(options.ValidationGroups);
        if (groupColumn is not null)
        {
            // A group column (a customer id) keeps rows together; it is not a feature.
            var kinds = columnKinds is null ? new Dictionary<string, ColumnKind>(StringComparer.Ordinal) : new Dictionary<string, ColumnKind>(columnKinds, StringComparer.Ordinal);
            kinds[groupColumn] = ColumnKind.Identifier;
            columnKinds = kinds;
        }

        var plan = Featurizer.Plan(memory, options.LabelColumn, options.Task, columnKinds) with { TextEmbeddings = options.TextEmbeddings, EmbeddingsWithNgrams = options.TextEmbeddingsWithNgrams && options.TextEmbeddings is not null };
        var strata = options.Task == AutoMLTask.Regression ? new string[memory.RowCount] : ValidationGroups.Strings(memory, options.LabelColumn);
        if (options.Task == AutoMLTask.Regression) Array.Fill(strata, "");
        // Groups first (an explicit fold count is checked against them; the automatic one needs two), then the folds.
        var grouping = ValidationGroups.Decide(options.ValidationGroups, memory, plan, options.Folds ?? 0);
        var (k, validation) = ChooseFolds(options, plan, memory.RowCount, grouping);
        var folds = FoldSplitter.Split(strata, k, options.HoldoutFraction, options.Seed, grouping?.Group);
        return new TrialWorkbench(options, memory, plan, folds, grouping) { Validation = validation };
    }

    /// <summary>One line on how trials are validated: the folds or the holdout, and why when chosen automatically.</summary>
    public string Validation { get; private init; } = "";

    // The folds (AutoMLExperimentOptions.ChooseFolds) and the line that says how trials are validated, with the reason
    // when the folds were chosen automatically. Too few groups for the automatic folds (a column of three regions)
    // give the holdout, which needs two, rather than an error.
    private static (int Folds, string Line) ChooseFolds(AutoMLExperimentOptions options, FeaturizationPlan plan, int rows, ValidationGroups.Grouping? grouping)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        string What(int folds) => folds >= 2 ? $"{folds}-fold cross-validation" : string.Create(c, $"a {options.HoldoutFraction * 100:0.##}% holdout");
        if (options.Folds is { } set) return (set, $"Validation: {What(set)} (folds {set}).");

        var freeText = plan.Features.Any(f => f.Kind == ColumnKind.Text);
        var k = AutoMLExperimentOptions.ChooseFolds(null, freeText, rows);
        var why = freeText ? "the data has a free-text column, featurized once per fold"
            : rows < AutoMLExperimentOptions.AutoFoldsMaxRows ? string.Create(c, $"{rows:N0} rows without free text, under {AutoMLExperimentOptions.AutoFoldsMaxRows:N0}")
            : string.Create(c, $"{rows:N0} rows, {AutoMLExperimentOptions.AutoFoldsMaxRows:N0} or more");
        if (grouping is not null && grouping.Groups < k)
        {
            why = string.Create(c, $"'{grouping.Column}' has {grouping.Groups} values, fewer than {k} folds");
            k = 0;
        }

        return (k, k >= 2
            ? $"Validation: {What(k)}, chosen automatically ({why}); folds 0 validates on a holdout instead."
            : $"Validation: {What(k)}, chosen automatically ({why}); folds {AutoMLExperimentOptions.AutoFolds} cross-validates instead.");
    }

    /// <summary>The validation predictions of the trials run here (see <see cref="ValidationPredictions"/>).</summary>
    internal ValidationPredictions Predictions => _evaluator.Predictions;

    /// <summary>Featurizes every fold for the default featurizer setting (<see cref="FeatureCache"/>) on its own thread; a cancelled wait leaves it to finish in the background.</summary>
    internal Task WarmUpAsync(CancellationToken token) =>
        Task.Factory.StartNew(_evaluator.WarmUp, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(token);

    /// <summary>
    /// With sentence embeddings (<see cref="AutoMLExperimentOptions.TextEmbeddings"/>): embeds every distinct text now, so
    /// no trial pays for it inside its time limit (a cluster worker calls it once per search); otherwise nothing.
    /// </summary>
    public void EmbedTexts() => _evaluator.EmbedTexts();

    /// <inheritdoc />
    public Task<TrialRecord?> RunAsync(Trial trial, CancellationToken runToken)
    {
        ArgumentNullException.ThrowIfNull(trial);
        // A dedicated thread, not the pool: a trial blocks for seconds to minutes.
        return Task.Factory.StartNew(() => _evaluator.Run(trial, runToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }
}
