using System.Globalization;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Data.Behaviour;

/// <summary>
/// Per-user views of the Taobao UserBehavior log (Alibaba Tianchi; Zhu et al., "Learning Tree-based Deep Model for
/// Recommender Systems", KDD 2018): <c>user_id, item_id, category_id, behavior_type, timestamp</c>, no header,
/// behaviour one of pv (page view), cart, fav, buy. The nine official days (2017-11-25 to 12-03, China time) are cut
/// at the start of the last <c>labelDays</c> days: the label says whether the user buys anything in that held-out
/// period, and everything a model sees comes from the events before it, in two views of the same users in the same
/// order — aggregated features (counts, recency, distinct items) for AutoML, and the event sequence as text tokens
/// for a sequence model (BERT). Events outside the window (a few dozen in the file) are dropped; so are users with
/// no event before the cut.
/// </summary>
public static class TaobaoBehaviour
{
    /// <summary>Start of the official window, 2017-11-25 00:00 UTC+8, in Unix seconds.</summary>
    public const long WindowStart = 1511539200;

    /// <summary>Number of days in the official window.</summary>
    public const int WindowDays = 9;

    /// <summary>Behaviour types in the file, in funnel order.</summary>
    public static IReadOnlyList<string> Behaviours { get; } = ["pv", "cart", "fav", "buy"];

    /// <summary>Categories with an own token in the sequence view (the most frequent before the cut); the rest share <c>c0</c>.</summary>
    public const int SequenceCategories = 99;

    /// <summary>Class labels: <c>1</c> buys in the held-out days, <c>0</c> does not.</summary>
    public const string Buys = "1", DoesNotBuy = "0";

    /// <summary>Reads the log and builds both views.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="labelDays">Days at the end of the window whose purchases are the label, 1 to 8.</param>
    /// <param name="maxEvents">The sequence view keeps each user's last <paramref name="maxEvents"/> events before the cut.</param>
    /// <exception cref="FormatException">A malformed line (file and line named).</exception>
    public static TaobaoUsers Load(string path, int labelDays = 2, int maxEvents = 256)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (labelDays is < 1 or >= WindowDays) throw new ArgumentOutOfRangeException(nameof(labelDays), labelDays, $"Must lie in [1, {WindowDays - 1}].");
        if (maxEvents < 1) throw new ArgumentOutOfRangeException(nameof(maxEvents), maxEvents, "Must be positive.");
        long cut = WindowStart + (WindowDays - labelDays) * 86400L, end = WindowStart + WindowDays * 86400L;
        var events = new Dictionary<long, List<Event>>();
        var order = new List<long>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var f = line.Split(',');
            if (f.Length != 5 || !long.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long user)
                || !long.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long item)
                || !long.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long category)
                || !long.TryParse(f[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out long time))
                throw new FormatException($"{path}, line {lineNumber}: expected 'user_id,item_id,category_id,behavior_type,timestamp' with integer ids and time.");
            int behaviour = Behaviours.ToList().IndexOf(f[3]);
            if (behaviour < 0) throw new FormatException($"{path}, line {lineNumber}: behavior_type '{f[3]}' is not one of {string.Join(", ", Behaviours)}.");
            if (time < WindowStart || time >= end) continue;
            if (!events.TryGetValue(user, out var list)) { events[user] = list = []; order.Add(user); }
            list.Add(new Event(item, category, behaviour, time));
        }
        if (events.Count == 0) throw new FormatException($"{path} holds no events inside the window.");

        // Coarse category tokens: rank of the category by events before the cut (ties by id), top ones kept.
        var rank = events.Values.SelectMany(e => e).Where(e => e.Time < cut).GroupBy(e => e.Category)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(SequenceCategories)
            .Select((g, i) => (g.Key, i + 1)).ToDictionary(x => x.Key, x => x.Item2);

        var users = new List<long>();
        var labels = new List<string>();
        var sequences = new List<string>();
        var features = FeatureNames.ToDictionary(n => n, _ => new List<float>(), StringComparer.Ordinal);
        foreach (long user in order)
        {
            var all = events[user];
            var before = all.Where(e => e.Time < cut).OrderBy(e => e.Time).ToList(); // OrderBy is stable: file order breaks ties
            if (before.Count == 0) continue;
            users.Add(user);
            labels.Add(all.Any(e => e.Time >= cut && e.Behaviour == 3) ? Buys : DoesNotBuy);
            foreach (var (name, value) in Features(before, cut)) features[name].Add(value);
            sequences.Add(string.Join(' ', before.Skip(Math.Max(0, before.Count - maxEvents))
                .Select(e => $"{Behaviours[e.Behaviour]} c{rank.GetValueOrDefault(e.Category)}")));
        }
        var table = new LabelledTable(FeatureNames, FeatureNames.Select(n => (Array)features[n].ToArray()).ToArray(),
            FeatureNames.ToDictionary(n => n, _ => ColumnKind.Numeric), labels);
        return new TaobaoUsers(users, table, new TextExamples(sequences, labels));
    }

    /// <summary>The aggregated features of the AutoML view, in column order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "pv", "cart", "fav", "buy", "pv_last_day", "cart_last_day", "fav_last_day", "buy_last_day",
        "events_last_3_days", "distinct_items", "distinct_categories", "active_days", "days_since_last_event",
        "days_since_last_buy", "days_since_last_cart", "carted_items_not_bought", "buy_per_pv",
    ];

    private static IEnumerable<(string, float)> Features(List<Event> before, long cut)
    {
        int Count(int behaviour, int? days) => before.Count(e => e.Behaviour == behaviour && (days is null || e.Time >= cut - days.Value * 86400L));
        float DaysSince(int behaviour) => before.FindLastIndex(e => e.Behaviour == behaviour) is var i and >= 0 ? (cut - before[i].Time) / 86400f : float.NaN;
        for (int b = 0; b < 4; b++) yield return (Behaviours[b], Count(b, null));
        for (int b = 0; b < 4; b++) yield return ($"{Behaviours[b]}_last_day", Count(b, 1));
        yield return ("events_last_3_days", before.Count(e => e.Time >= cut - 3 * 86400L));
        yield return ("distinct_items", before.Select(e => e.Item).Distinct().Count());
        yield return ("distinct_categories", before.Select(e => e.Category).Distinct().Count());
        yield return ("active_days", before.Select(e => (e.Time - WindowStart) / 86400).Distinct().Count());
        yield return ("days_since_last_event", (cut - before[^1].Time) / 86400f);
        yield return ("days_since_last_buy", DaysSince(3));
        yield return ("days_since_last_cart", DaysSince(1));
        var bought = before.Where(e => e.Behaviour == 3).Select(e => e.Item).ToHashSet();
        yield return ("carted_items_not_bought", before.Where(e => e.Behaviour == 1 && !bought.Contains(e.Item)).Select(e => e.Item).Distinct().Count());
        int pv = before.Count(e => e.Behaviour == 0);
        yield return ("buy_per_pv", pv == 0 ? float.NaN : before.Count(e => e.Behaviour == 3) / (float)pv);
    }

    private readonly record struct Event(long Item, long Category, int Behaviour, long Time);
}

/// <summary>The users of a Taobao log with a history before the cut: ids, the feature view and the sequence view (same rows, same labels).</summary>
public sealed record TaobaoUsers(IReadOnlyList<long> UserIds, LabelledTable Features, TextExamples Sequences);
