namespace MarketLab.Experiments.Runs;

/// <summary>One metric of one candidate in two runs.</summary>
/// <param name="Candidate">Candidate name.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="Before">Value in the first run (baseline); null when it lacks the metric.</param>
/// <param name="After">Value in the second run; null when it lacks the metric.</param>
/// <param name="Moved">True when the value changed beyond the tolerance or is missing on one side.</param>
public sealed record MetricChange(string Candidate, string Metric, double? Before, double? After, bool Moved);

/// <summary>
/// Compares two runs' metrics. A value moved when |after − before| &gt; tolerance × max(1, |before|): an absolute
/// tolerance for metrics of order one or less (p-values, lifts, shares), a relative one for large values
/// (profits). A metric or candidate present on one side only also counts as moved.
/// </summary>
public static class RunComparison
{
    public static IReadOnlyList<MetricChange> Compare(
        IReadOnlyDictionary<string, SortedDictionary<string, double>> before,
        IReadOnlyDictionary<string, SortedDictionary<string, double>> after,
        double tolerance)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (!(tolerance >= 0) || double.IsInfinity(tolerance))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be a finite number >= 0, e.g. 0.01.");
        var changes = new List<MetricChange>();
        foreach (string candidate in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var b = before.GetValueOrDefault(candidate) ?? [];
            var a = after.GetValueOrDefault(candidate) ?? [];
            foreach (string metric in b.Keys.Union(a.Keys).Order(StringComparer.Ordinal))
            {
                double? x = b.TryGetValue(metric, out double bv) ? bv : null, y = a.TryGetValue(metric, out double av) ? av : null;
                bool moved = x is null || y is null || Math.Abs(y.Value - x.Value) > tolerance * Math.Max(1, Math.Abs(x.Value));
                changes.Add(new MetricChange(candidate, metric, x, y, moved));
            }
        }
        return changes;
    }
}
