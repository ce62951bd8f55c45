using System.Globalization;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.Data;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Ctr;

/// <summary>
/// One Open Bandit log laid out for a click model: one row per impression, in time order, with the click
/// as a Boolean label and as features item_id and position (categorical), user_feature_0..3 (hashed
/// categoricals), the user-item_affinity_* columns (numeric) and item_feature_* joined from
/// <c>item_context.csv</c> (numeric where every value parses as a number, else categorical).
/// </summary>
/// <remarks>
/// The impressions come from the one Open Bandit reader, <see cref="OpenBanditLog"/>; this class adds the time order
/// and the item context. propensity_score is left out: it describes the logging policy, not the user, and in the random log it is
/// constant. The unnamed row index and the timestamp are left out too (the timestamp orders the rows).
/// </remarks>
public sealed class OpenBanditClickData
{
    /// <summary>The label column.</summary>
    public const string LabelColumn = "click";

    private readonly string[] _names;
    private readonly Array[] _columns;

    private OpenBanditClickData(string policy, string campaign, string[] names, Array[] columns, string[] timestamps,
        IReadOnlyDictionary<string, ColumnKind> kinds)
    {
        Policy = policy;
        Campaign = campaign;
        _names = names;
        _columns = columns;
        Timestamps = timestamps;
        Kinds = kinds;
        Clicks = ((bool[])columns[Array.IndexOf(names, LabelColumn)]).Select(c => c ? 1.0 : 0.0).ToArray();
    }

    /// <summary>random or bts.</summary>
    public string Policy { get; }

    /// <summary>men or women.</summary>
    public string Campaign { get; }

    /// <summary>Impressions.</summary>
    public int Count => Timestamps.Count;

    /// <summary>Timestamps in row order (ascending).</summary>
    public IReadOnlyList<string> Timestamps { get; }

    /// <summary>Clicks (0/1) in row order.</summary>
    public IReadOnlyList<double> Clicks { get; }

    /// <summary>Column names: the label first, then the features.</summary>
    public IReadOnlyList<string> Columns => _names;

    /// <summary>Kind of every column, for <see cref="AutoMLExperiment"/>.</summary>
    public IReadOnlyDictionary<string, ColumnKind> Kinds { get; }

    /// <summary>
    /// Reads <c>ctr/open-bandit/{policy}/{campaign}/</c> (<paramref name="folder"/> overrides the place) and sorts
    /// the impressions by timestamp (stable: ties keep file order).
    /// </summary>
    public static OpenBanditClickData Load(string campaign, string policy = "random", string? folder = null)
    {
        if (!OpenBanditLog.Policies.Contains(policy)) throw new ArgumentException($"Unknown policy '{policy}'; use one of {string.Join(", ", OpenBanditLog.Policies)}.", nameof(policy));
        if (!OpenBanditLog.Campaigns.Contains(campaign)) throw new ArgumentException($"Unknown campaign '{campaign}'; use one of {string.Join(", ", OpenBanditLog.Campaigns)}.", nameof(campaign));
        folder ??= SharedDatasets.Resolve($"ctr/open-bandit/{policy}/{campaign}");
        var items = ReadItems(Path.Combine(folder, "item_context.csv"));
        var log = OpenBanditLog.Load(policy, campaign, Path.Combine(folder, campaign + ".csv"));
        if (log.UserFeatures.Count == 0) throw new FormatException($"{log.Source}: no user_feature_* columns.");
        for (int r = 0; r < log.Count; r++)
            if (!items.Rows.ContainsKey(log.Items[r])) throw new FormatException($"{log.Source}, impression {r + 1}: item id {log.Items[r]} is not in item_context.csv.");

        // Stable time order (ISO-8601 timestamps of one time zone sort as strings).
        var timestamps = log.Timestamps;
        var order = Enumerable.Range(0, log.Count).OrderBy(r => timestamps[r], StringComparer.Ordinal).ToArray();
        var names = new List<string>();
        var columns = new List<Array>();
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        void Add(string name, Array column, ColumnKind kind) { names.Add(name); columns.Add(column); kinds[name] = kind; }
        Add(LabelColumn, order.Select(r => log.Clicks[r] == 1).ToArray(), ColumnKind.Boolean);
        Add("item_id", order.Select(r => Text(log.Items[r].ToString(CultureInfo.InvariantCulture))).ToArray(), ColumnKind.Categorical);
        Add("position", order.Select(r => Text(log.Positions[r].ToString(CultureInfo.InvariantCulture))).ToArray(), ColumnKind.Categorical);
        foreach (var (name, values) in log.UserFeatures) Add(name, order.Select(r => Text(values[r])).ToArray(), ColumnKind.Categorical);
        foreach (var (name, values) in log.Affinities) Add(name, order.Select(r => values[r]).ToArray(), ColumnKind.Numeric);
        for (int f = 0; f < items.Features.Length; f++)
        {
            var (name, numeric) = items.Features[f];
            Add(name, numeric
                ? order.Select(r => float.Parse(items.Rows[log.Items[r]][f], NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()
                : order.Select(r => Text(items.Rows[log.Items[r]][f])).ToArray(),
                numeric ? ColumnKind.Numeric : ColumnKind.Categorical);
        }

        return new OpenBanditClickData(policy, campaign, names.ToArray(), columns.ToArray(), order.Select(r => timestamps[r]).ToArray(), kinds);
    }

    /// <summary>The rows <c>[start, start + count)</c> (in time order) as an IDataView with the label and all features.</summary>
    public IDataView Rows(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count) throw new ArgumentOutOfRangeException(nameof(count), $"Rows {start}..{start + count} are outside 0..{Count}.");
        return new InMemoryDataView(_names, _columns, Enumerable.Range(start, count).ToArray());
    }

    /// <summary>Value of a categorical column per row, e.g. item_id or position (for baselines).</summary>
    public IReadOnlyList<string> Categorical(string column) =>
        ((ReadOnlyMemory<char>[])_columns[Array.IndexOf(_names, column) is var i and >= 0 ? i : throw new ArgumentException($"No column '{column}'.", nameof(column))])
        .Select(m => m.ToString()).ToArray();

    private static ReadOnlyMemory<char> Text(string s) => s.AsMemory();

    // item_id → item_feature_* values, and per feature whether every value is numeric.
    private static ((string Name, bool Numeric)[] Features, Dictionary<int, string[]> Rows) ReadItems(string path)
    {
        using var csv = CsvReader.Open(path);
        int id = csv.ColumnIndex("item_id");
        var features = Enumerable.Range(0, csv.Header.Count).Where(i => csv.Header[i].StartsWith("item_feature_", StringComparison.Ordinal)).ToArray();
        var rows = new Dictionary<int, string[]>();
        while (csv.Read())
        {
            double i = csv.GetDouble(id);
            if (i < 0 || i != Math.Floor(i)) throw csv.Error(id, $"item id {i} is not a non-negative integer");
            if (!rows.TryAdd((int)i, features.Select(f => csv.Field(f).ToString()).ToArray())) throw csv.Error(id, $"item id {i} appears twice");
        }
        var kinds = features.Select((f, k) => (csv.Header[f],
            rows.Values.All(v => double.TryParse(v[k], NumberStyles.Float, CultureInfo.InvariantCulture, out _)))).ToArray();
        return (kinds, rows);
    }
}
