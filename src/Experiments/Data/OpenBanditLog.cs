using MarketLab.Evaluation.Data;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Data;

/// <summary>
/// One log of the small public Open Bandit Dataset (Saito, Aihara, Matsutani &amp; Narita, arXiv 2008.07146):
/// ZOZOTOWN fashion recommendations, one row per impression with the item shown, its position (1–3), the
/// click and the logging policy's propensity of showing that item there, the user's features and user–item affinities.
/// </summary>
/// <remarks>
/// The one reader of these logs: off-policy evaluation uses the typed columns, the click model
/// (<c>Ctr/OpenBanditClickData</c>) adds the time order and the item context, and the tabular spec path reads
/// <see cref="ToClickTable"/>. Every named column's raw text is kept for that table, so it types the columns exactly
/// as <see cref="TabularCsv.Load"/> types the same file.
/// </remarks>
public sealed record OpenBanditLog(string Policy, string Campaign, int[] Items, int[] Positions, double[] Clicks, double[] Propensities)
{
    /// <summary>Logging policies in the public data.</summary>
    public static IReadOnlyList<string> Policies { get; } = ["random", "bts"];

    /// <summary>Campaigns in the public data.</summary>
    public static IReadOnlyList<string> Campaigns { get; } = ["men", "women"];

    /// <summary>The file read (for messages).</summary>
    public string Source { get; init; } = "";

    /// <summary>Timestamp text of each impression, in file order.</summary>
    public IReadOnlyList<string> Timestamps { get; init; } = [];

    /// <summary>The hashed user_feature_* columns (categorical text), in header order.</summary>
    public IReadOnlyList<(string Name, string[] Values)> UserFeatures { get; init; } = [];

    /// <summary>The user-item_affinity_* columns, in header order.</summary>
    public IReadOnlyList<(string Name, float[] Values)> Affinities { get; init; } = [];

    /// <summary>The file's header (the unnamed pandas index included, as an empty name).</summary>
    public IReadOnlyList<string> Header { get; init; } = [];

    /// <summary>Raw text of every column of <see cref="Header"/>, row by row.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Fields { get; init; } = [];

    public int Count => Items.Length;

    /// <summary>Number of distinct items (the largest item id + 1).</summary>
    public int ItemCount => Items.Max() + 1;

    /// <summary>Click-through rate of the logging policy itself.</summary>
    public double ClickRate => Clicks.Average();

    /// <summary>Reads <c>ctr/open-bandit/{policy}/{campaign}/{campaign}.csv</c> from the shared datasets (or <paramref name="path"/>).</summary>
    public static OpenBanditLog Load(string policy, string campaign, string? path = null)
    {
        if (!Policies.Contains(policy)) throw new ArgumentException($"Unknown policy '{policy}'; use one of {string.Join(", ", Policies)}.", nameof(policy));
        if (!Campaigns.Contains(campaign)) throw new ArgumentException($"Unknown campaign '{campaign}'; use one of {string.Join(", ", Campaigns)}.", nameof(campaign));
        return Read(path ?? SharedDatasets.Resolve($"ctr/open-bandit/{policy}/{campaign}/{campaign}.csv"), policy, campaign);
    }

    /// <summary>Reads a log file named directly (a catalog entry's file); policy and campaign come from its place
    /// (<c>…/{policy}/{campaign}/{campaign}.csv</c>).</summary>
    public static OpenBanditLog LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string policy = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(full))) ?? "";
        return Read(path, policy, Path.GetFileNameWithoutExtension(full));
    }

    /// <summary>
    /// The log as a classification table with <paramref name="label"/> (the click) as the label, typed as
    /// <see cref="TabularCsv.Load"/> types the file: the rows in file order, <paramref name="drop"/> left out,
    /// <paramref name="categorical"/> read as categories.
    /// </summary>
    public LabelledTable ToClickTable(string label, IReadOnlyCollection<string>? drop = null, IReadOnlyCollection<string>? categorical = null) =>
        TabularCsv.FromColumns(Source, Header, Fields, label, drop, categorical);

    private static OpenBanditLog Read(string path, string policy, string campaign)
    {
        using var csv = CsvReader.Open(path);
        int time = csv.ColumnIndex("timestamp"), item = csv.ColumnIndex("item_id"), position = csv.ColumnIndex("position");
        int click = csv.ColumnIndex("click"), propensity = csv.ColumnIndex("propensity_score");
        var header = csv.Header.ToArray();
        var users = Enumerable.Range(0, header.Length).Where(i => header[i].StartsWith("user_feature_", StringComparison.Ordinal)).ToArray();
        var affinities = Enumerable.Range(0, header.Length).Where(i => header[i].StartsWith("user-item_affinity_", StringComparison.Ordinal)).ToArray();
        var items = new List<int>();
        var positions = new List<int>();
        var clicks = new List<double>();
        var propensities = new List<double>();
        var affinityValues = affinities.Select(_ => new List<float>()).ToArray();
        var fields = header.Select(_ => new List<string>()).ToArray();
        while (csv.Read())
        {
            double i = csv.GetDouble(item), p = csv.GetDouble(position), c = csv.GetDouble(click), s = csv.GetDouble(propensity);
            if (i < 0 || i != Math.Floor(i)) throw csv.Error(item, $"item id {i} is not a non-negative integer");
            if (p is not (1 or 2 or 3)) throw csv.Error(position, $"position {p} is not 1, 2 or 3");
            if (c is not (0 or 1)) throw csv.Error(click, $"click {c} is not 0 or 1");
            if (!(s > 0 && s <= 1)) throw csv.Error(propensity, $"propensity {s} is not in (0, 1]");
            items.Add((int)i);
            positions.Add((int)p);
            clicks.Add(c);
            propensities.Add(s);
            for (int a = 0; a < affinities.Length; a++) affinityValues[a].Add((float)csv.GetDouble(affinities[a]));
            for (int k = 0; k < fields.Length; k++) fields[k].Add(csv.Field(k).ToString());
        }
        if (items.Count == 0) throw new FormatException($"{csv.Source}: no impressions.");
        return new OpenBanditLog(policy, campaign, items.ToArray(), positions.ToArray(), clicks.ToArray(), propensities.ToArray())
        {
            Source = csv.Source,
            Timestamps = fields[time].ToArray(),
            UserFeatures = users.Select(u => (header[u], fields[u].ToArray())).ToArray(),
            Affinities = affinities.Select((a, k) => (header[a], affinityValues[k].ToArray())).ToArray(),
            Header = header,
            Fields = fields,
        };
    }
}
