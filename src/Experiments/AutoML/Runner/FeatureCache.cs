using Microsoft.ML;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// The featurized rows of each fold, fitted once and shared by every trial with the same featurizer parameters (all
/// trials on tabular data; trials with equal <see cref="FeaturizerSearchSpace"/> values on text). Without it every
/// trial re-fitted the featurizer and every L-BFGS or SDCA pass re-ran the whole transform chain: on Hillstrom's 51,000
/// training rows an L-BFGS trial took over 10 s (issue 16). The featurizer is still fitted on the fold's training rows
/// only. Entries keep just the label and feature vector in ML.NET's row cache (sparse vectors stay sparse), filled once
/// when built so concurrent trials only read it; at most <see cref="Capacity"/> featurizer settings are kept (oldest
/// dropped first), which bounds the cache's memory by design.
/// </summary>
internal sealed class FeatureCache(FeaturizationPlan plan, InMemoryDataView data, IReadOnlyList<(int[] Train, int[] Validation)> folds, int seed)
{
    /// <summary>Featurizer settings kept at once (each holds every fold).</summary>
    public const int Capacity = 4;

    private readonly object _gate = new();
    private readonly Dictionary<string, Lazy<Entry>> _entries = [];
    private readonly Queue<string> _order = new();

    /// <summary>The featurized training and validation rows of fold <paramref name="fold"/> for the featurizer parameters in <paramref name="parameters"/>.</summary>
    public (IDataView Train, IDataView Validation) Get(int fold, ParameterSet parameters)
    {
        var key = Key(parameters);
        Lazy<Entry> lazy;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out lazy!))
            {
                lazy = new Lazy<Entry>(() => new Entry(folds.Count), LazyThreadSafetyMode.ExecutionAndPublication);
                _entries[key] = lazy;
                _order.Enqueue(key);
                while (_order.Count > Capacity) _entries.Remove(_order.Dequeue());
            }
        }

        var entry = lazy.Value;
        lock (entry.Locks[fold])
            return entry.Folds[fold] ??= Build(fold, parameters);
    }

    /// <summary>The featurizer parameters of a trial as a key (empty when the plan has no tunable text).</summary>
    internal string Key(ParameterSet parameters) => Key(plan, parameters);

    /// <summary>The featurizer parameters of a trial on <paramref name="plan"/> as a key (empty when it has no tunable text).</summary>
    internal static string Key(FeaturizationPlan plan, ParameterSet parameters) =>
        !plan.HasText ? "" : string.Join(";", FeaturizerSearchSpace.Text.Parameters.Select(p => parameters.TryGetValue(p.Name, out var v) ? $"{p.Name}={v}" : p.Name));

    // A failure (or a cancelled trial) leaves the fold's slot empty, so the next trial builds it again.
    private (IDataView, IDataView) Build(int fold, ParameterSet parameters)
    {
        var ml = new MLContext(seed);
        var (train, validation) = folds[fold];
        var trainRows = data.Take(train);
        var featurizer = Featurizer.Build(ml, plan, parameters)
            .Append(ml.Transforms.SelectColumns(FeaturizationPlan.LabelColumn, FeaturizationPlan.FeaturesColumn))
            .Fit(trainRows);
        return (Filled(ml, featurizer.Transform(trainRows)), Filled(ml, featurizer.Transform(data.Take(validation))));
    }

    /// <summary>The rows of <paramref name="view"/> computed once into memory (ML.NET's cache, filled now), read in order.</summary>
    internal static IDataView Filled(MLContext ml, IDataView view)
    {
        var cached = ml.Data.Cache(view);
        using (var cursor = cached.GetRowCursor(cached.Schema))
            while (cursor.MoveNext()) { }
        return new SequentialView(cached);
    }

    private sealed class Entry(int folds)
    {
        public readonly object[] Locks = Enumerable.Range(0, folds).Select(_ => new object()).ToArray();
        public readonly (IDataView Train, IDataView Validation)?[] Folds = new (IDataView, IDataView)?[folds];
    }

    // The rows in their order, never shuffled: a trainer sees the rows exactly as through the uncached pipeline (an
    // InMemoryDataView cannot shuffle), so a trial scores the same with or without the cache.
    private sealed class SequentialView(IDataView inner) : IDataView
    {
        public bool CanShuffle => false;

        public DataViewSchema Schema => inner.Schema;

        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            inner.GetRowCursor(columnsNeeded, null);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [inner.GetRowCursor(columnsNeeded, null)];
    }
}
