using MarketLab.Evaluation.Data;

namespace MarketLab.Experiments.Data;

/// <summary>
/// One log of the small public Open Bandit Dataset (Saito, Aihara, Matsutani &amp; Narita, arXiv 2008.07146):
/// ZOZOTOWN fashion recommendations, one row per impression with the item shown, its position (1–3), the
/// click and the logging policy's propensity of showing that item there.
/// </summary>
public sealed record OpenBanditLog(string Policy, string Campaign, int[] Items, int[] Positions, double[] Clicks, double[] Propensities)
{
    /// <summary>Logging policies in the public data.</summary>
    public static IReadOnlyList<string> Policies { get; } = ["random", "bts"];

    /// <summary>Campaigns in the public data.</summary>
    public static IReadOnlyList<string> Campaigns { get; } = ["men", "women"];

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
        using var csv = CsvReader.Open(path ?? SharedDatasets.Resolve($"ctr/open-bandit/{policy}/{campaign}/{campaign}.csv"));
        int item = csv.ColumnIndex("item_id"), position = csv.ColumnIndex("position");
        int click = csv.ColumnIndex("click"), propensity = csv.ColumnIndex("propensity_score");
        var items = new List<int>();
        var positions = new List<int>();
        var clicks = new List<double>();
        var propensities = new List<double>();
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
        }
        return new OpenBanditLog(policy, campaign, items.ToArray(), positions.ToArray(), clicks.ToArray(), propensities.ToArray());
    }
}
