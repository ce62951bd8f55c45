using System.Globalization;
using MarketLab.Experiments.Data.Catalog;

namespace MarketLab.Experiments.Data.Sequences;

/// <summary>
/// Loads a behaviour log named in the dataset catalog (<c>amazon_games_sasrec</c>, <c>taobao_sequences</c>) or given by
/// path, and splits it leave-one-out or at a time cut (parameters <c>split: leave_one_out | time</c> and <c>cut</c>).
/// </summary>
public static class SequenceDatasets
{
    /// <summary>The format named by a catalog parameter or option (<c>user_item_pairs</c>, <c>taobao_csv</c>).</summary>
    public static BehaviourLogFormat ParseFormat(string text) => text switch
    {
        "user_item_pairs" or "pairs" => BehaviourLogFormat.UserItemPairs,
        "taobao_csv" or "taobao" => BehaviourLogFormat.TaobaoCsv,
        _ => throw new ArgumentException($"Unknown behaviour log format '{text}'; expected user_item_pairs or taobao_csv.", nameof(text)),
    };

    /// <summary>Reads and splits a catalogued sequence dataset (a <c>task: recommendation</c> entry).</summary>
    /// <exception cref="ArgumentException">Not a recommendation dataset, or a bad parameter.</exception>
    public static LeaveOneOutSplit Load(ResolvedDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Entry is { Task: not DatasetTask.Recommendation } entry)
            throw new ArgumentException($"Dataset '{entry.Name}' has task {entry.Task}; sequence recommendation needs a task: recommendation entry (amazon_games_sasrec, taobao_sequences).", nameof(dataset));
        string path = dataset.FilePath ?? throw new ArgumentException($"Dataset '{dataset.Name}' is not a file.", nameof(dataset));
        var format = ParseFormat(dataset.Parameters.TryGetValue("format", out var f) ? f : "user_item_pairs");
        int minCount = dataset.Parameters.TryGetValue("min_item_count", out var m)
            ? int.TryParse(m, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 1 ? v
                : throw new ArgumentException($"Dataset '{dataset.Name}': min_item_count '{m}' must be an integer ≥ 1.", nameof(dataset))
            : 1;
        var catalog = dataset.Parameters.TryGetValue("items", out var c) ? ParseCatalog(c) : ItemCatalog.TrainingItems;
        var target = dataset.Parameters.TryGetValue("target", out var t) ? ParseTarget(t) : SequenceTarget.Item;
        var cut = (dataset.Parameters.TryGetValue("split", out var s) ? s : "leave_one_out") switch
        {
            "leave_one_out" or "loo" => null,
            "time" => TimeCut.Parse(dataset.Parameters.TryGetValue("cut", out var at) ? at
                : throw new ArgumentException($"Dataset '{dataset.Name}': split time needs a cut parameter (a fraction or an ISO 8601 timestamp).", nameof(dataset))),
            var other => throw new ArgumentException($"Dataset '{dataset.Name}': split '{other}' is not one of leave_one_out, time.", nameof(dataset)),
        };
        return Load(path, format, minCount, catalog, target, cut);
    }

    /// <summary>Reads <paramref name="path"/> in <paramref name="format"/> and splits it.</summary>
    /// <param name="path">The log.</param>
    /// <param name="format">Its layout.</param>
    /// <param name="minItemCount">Training occurrences an item needs for its own id.</param>
    /// <param name="catalog">Which items get ids.</param>
    /// <param name="target">What the sequences predict.</param>
    /// <param name="cut">Null: leave-one-out (<see cref="LeaveOneOutSplit.Create"/>); else the time split at this cut (<see cref="TimeSplit"/>).</param>
    /// <exception cref="ArgumentException">A category or behaviour target on a log without them; a time cut on an untimed log.</exception>
    public static LeaveOneOutSplit Load(string path, BehaviourLogFormat format, int minItemCount = 1, ItemCatalog catalog = ItemCatalog.TrainingItems,
        SequenceTarget target = SequenceTarget.Item, TimeCut? cut = null)
    {
        var sequences = UserSequences.Build(Retarget(BehaviourLog.Read(path, format), target, path));
        return cut is null ? LeaveOneOutSplit.Create(sequences, minItemCount, catalog) : TimeSplit.Create(sequences, cut, minItemCount, catalog, path);
    }

    /// <summary>Replaces each event's item by its category or behaviour, so the same models predict those.</summary>
    public static IReadOnlyList<BehaviourEvent> Retarget(IReadOnlyList<BehaviourEvent> events, SequenceTarget target, string name)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (target == SequenceTarget.Item) return events;
        return events.Select(e => e with
        {
            Item = (target == SequenceTarget.Category ? e.Category : e.Behaviour)
                ?? throw new ArgumentException($"{name}:{e.Line}: the event has no {(target == SequenceTarget.Category ? "category" : "behaviour")}; target {target} needs a log with one (the Taobao format)."),
        }).ToArray();
    }

    /// <summary>The target named by a parameter or option (<c>item</c>, <c>category</c>, <c>behaviour</c>).</summary>
    public static SequenceTarget ParseTarget(string text) => text switch
    {
        "item" => SequenceTarget.Item,
        "category" => SequenceTarget.Category,
        "behaviour" or "behavior" => SequenceTarget.Behaviour,
        _ => throw new ArgumentException($"Unknown sequence target '{text}'; expected item, category or behaviour.", nameof(text)),
    };

    /// <summary>The item catalog named by a parameter or option (<c>training</c>, <c>all</c>).</summary>
    public static ItemCatalog ParseCatalog(string text) => text switch
    {
        "training" => ItemCatalog.TrainingItems,
        "all" => ItemCatalog.AllItems,
        _ => throw new ArgumentException($"Unknown item catalog '{text}'; expected training (items seen in training) or all (every item of the log).", nameof(text)),
    };
}
