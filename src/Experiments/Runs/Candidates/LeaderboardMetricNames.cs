namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>Spellings of <see cref="LeaderboardMetric"/>: the spec's value, which is also the metric's key in metrics.json.</summary>
internal static class LeaderboardMetricNames
{
    public static IReadOnlyList<(string Name, LeaderboardMetric Metric)> Spellings { get; } =
        [("accuracy", LeaderboardMetric.Accuracy), ("auc", LeaderboardMetric.Auc), ("macro_f1", LeaderboardMetric.MacroF1)];

    public static string Valid { get; } = string.Join(", ", Spellings.Select(s => s.Name));

    public static bool TryParse(string text, out LeaderboardMetric metric)
    {
        foreach (var (name, value) in Spellings)
        {
            if (name == text)
            {
                metric = value;
                return true;
            }
        }
        metric = default;
        return false;
    }

    /// <summary>The metrics.json key of <paramref name="metric"/>.</summary>
    public static string Key(LeaderboardMetric metric) => Spellings.First(s => s.Metric == metric).Name;
}
