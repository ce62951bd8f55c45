using System.Globalization;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Behaviour;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Runs.Data;

/// <summary>
/// Loads tabular-classification data for a run by the catalog entry's loader: the Taobao behaviour log as per-user
/// features (<see cref="TaobaoBehaviour"/>), or a catalogued CSV (or <c>dataset.path</c>) read by <see cref="TabularCsv"/>
/// with the entry's <c>label</c>, <c>drop</c>, <c>categorical</c> and <c>columns</c> (<c>name:kind, ...</c>, kinds as in
/// <c>marketlab automl --column</c>) parameters; <c>rows</c> &gt; 0 keeps a stratified
/// sample. Then a seeded stratified train/test split.
/// </summary>
internal static class TabularData
{
    public static TabularHoldout Load(ResolvedDataset dataset, DatasetSpec spec)
    {
        var p = dataset.Parameters;
        LabelledTable table;
        if (dataset.Loader is DatasetLoader.TaobaoBehaviour && dataset.FilePath is { } taobao)
            table = TaobaoBehaviour.Load(taobao, Int(dataset, "label_days", 1), Int(dataset, "max_events", 1)).Features;
        else if (dataset.FilePath is { } file && dataset.Loader is null or DatasetLoader.TabularCsv or DatasetLoader.OpenBanditClicks)
        {
            string label = p.GetValueOrDefault("label") ?? spec.Parameters.GetValueOrDefault("label")
                ?? throw new ArgumentException($"Dataset '{dataset.Name}': tabular classification needs the label column (dataset parameter label).");
            var drop = TabularCsv.Names(p.GetValueOrDefault("drop") ?? spec.Parameters.GetValueOrDefault("drop"));
            var categorical = TabularCsv.Names(p.GetValueOrDefault("categorical") ?? spec.Parameters.GetValueOrDefault("categorical"));
            IReadOnlyDictionary<string, ColumnKind> kinds;
            try { kinds = ColumnTyping.ParseOverrides(TabularCsv.Names(p.GetValueOrDefault("columns") ?? spec.Parameters.GetValueOrDefault("columns"))); }
            catch (ArgumentException e) { throw new ArgumentException($"Dataset '{dataset.Name}': parameter columns: {e.Message}", e); }
            // An Open Bandit log goes through the one Open Bandit reader, which types it as TabularCsv types a CSV.
            table = dataset.Loader is DatasetLoader.OpenBanditClicks
                ? OpenBanditLog.LoadFile(file).ToClickTable(label, drop, categorical)
                : TabularCsv.Load(file, label, drop, categorical, kinds);
        }
        else throw new ArgumentException($"Dataset '{dataset.Name}' has no tabular loader (its loader is {RunData.LoaderName(dataset)}); use a catalogued dataset read by "
            + $"{RunData.Names(DatasetLoader.TabularCsv, DatasetLoader.OpenBanditClicks, DatasetLoader.TaobaoBehaviour)} or dataset.path with parameters label (and drop, categorical).");
        int rows = p.ContainsKey("rows") ? Int(dataset, "rows", 0) : 0;
        if (rows > 0 && rows < table.Count)
            table = table.Split((double)rows / table.Count, spec.Seed + 1).Test;
        return TabularHoldout.Create(table, spec.TestShare, spec.Seed);
    }

    private static int Int(ResolvedDataset dataset, string key, int min) =>
        int.TryParse(dataset.Parameters[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min ? v
        : throw new ArgumentException($"Dataset '{dataset.Name}': parameter {key} = '{dataset.Parameters[key]}' is not an integer >= {min}.");
}
