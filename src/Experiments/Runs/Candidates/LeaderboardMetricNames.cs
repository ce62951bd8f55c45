using MarketLab.Evaluation;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>Spellings of <see cref="LeaderboardMetric"/>: the spec's value, which is also the metric's key in metrics.json.</summary>
internal static class LeaderboardMetricNames
{
    private static readonly Spellings<LeaderboardMetric> Table = new(
        [("accuracy", LeaderboardMetric.Accuracy), ("auc", LeaderboardMetric.Auc), ("macro_f1", LeaderboardMetric.MacroF1)], ignoreCase: false);

    public static string Valid => Table.Valid;

    public static bool TryParse(string text, out LeaderboardMetric metric) => Table.TryParse(text, out metric);

    /// <summary>The metrics.json key of <paramref name="metric"/>.</summary>
    public static string Key(LeaderboardMetric metric) => Table.Name(metric);
}
