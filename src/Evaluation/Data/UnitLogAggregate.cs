using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Data;

/// <summary>
/// A unit log reduced to per-arm, per-metric <see cref="SufficientStatistics"/>: everything an
/// A/B analysis needs, independent of the log's size.
/// </summary>
public sealed class UnitLogAggregate
{
    private readonly Dictionary<string, int> _armIndex;
    private readonly SufficientStatistics[][] _stats;

    internal UnitLogAggregate(IReadOnlyList<string> arms, IReadOnlyList<long> units, IReadOnlyList<UnitLogMetric> metrics, SufficientStatistics[][] stats)
    {
        Arms = arms;
        Units = units;
        Metrics = metrics;
        _stats = stats;
        _armIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int a = 0; a < arms.Count; a++) _armIndex[arms[a]] = a;
        var byArm = new Dictionary<string, IReadOnlyDictionary<string, SufficientStatistics>>(StringComparer.Ordinal);
        for (int a = 0; a < arms.Count; a++)
        {
            var byMetric = new Dictionary<string, SufficientStatistics>(StringComparer.Ordinal);
            for (int m = 0; m < metrics.Count; m++) byMetric[metrics[m].Name] = stats[a][m];
            byArm[arms[a]] = byMetric;
        }
        Statistics = byArm;
    }

    /// <summary>
    /// Statistics computed elsewhere (a SQL GROUP BY): <paramref name="statistics"/>[arm][metric], aligned with
    /// <paramref name="arms"/> and <paramref name="metrics"/>; each entry's dimension must match its metric.
    /// </summary>
    public static UnitLogAggregate FromStatistics(IReadOnlyList<string> arms, IReadOnlyList<long> units,
        IReadOnlyList<UnitLogMetric> metrics, IReadOnlyList<IReadOnlyList<SufficientStatistics>> statistics)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(statistics);
        if (arms.Count == 0) throw new ArgumentException("At least one arm is needed.", nameof(arms));
        if (units.Count != arms.Count || statistics.Count != arms.Count)
            throw new ArgumentException($"{arms.Count} arms need {arms.Count} unit counts and statistics rows; got {units.Count} and {statistics.Count}.");
        if (arms.Distinct(StringComparer.Ordinal).Count() != arms.Count) throw new ArgumentException("Arm names must be unique.", nameof(arms));
        var stats = new SufficientStatistics[arms.Count][];
        for (int a = 0; a < arms.Count; a++)
        {
            if (statistics[a].Count != metrics.Count)
                throw new ArgumentException($"Arm '{arms[a]}' has {statistics[a].Count} statistics for {metrics.Count} metrics.", nameof(statistics));
            stats[a] = new SufficientStatistics[metrics.Count];
            for (int m = 0; m < metrics.Count; m++)
            {
                SufficientStatistics s = statistics[a][m];
                if (s.Dimension != metrics[m].Dimension || s.Count != units[a])
                    throw new ArgumentException($"Arm '{arms[a]}', metric '{metrics[m].Name}': statistics over {s.Dimension} variables and {s.Count} units do not match {metrics[m].Dimension} variables and {units[a]} units.", nameof(statistics));
                stats[a][m] = s;
            }
        }
        return new UnitLogAggregate(arms.ToArray(), units.ToArray(), metrics.ToArray(), stats);
    }

    /// <summary>Arm names in the order they first appear in the log.</summary>
    public IReadOnlyList<string> Arms { get; }

    /// <summary>Units (rows) per arm, aligned with <see cref="Arms"/>.</summary>
    public IReadOnlyList<long> Units { get; }

    /// <summary>The metric definitions, in the order given.</summary>
    public IReadOnlyList<UnitLogMetric> Metrics { get; }

    /// <summary>stats[arm][metric].</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, SufficientStatistics>> Statistics { get; }

    /// <summary>Total units over all arms.</summary>
    public long TotalUnits
    {
        get
        {
            long total = 0;
            foreach (long u in Units) total += u;
            return total;
        }
    }

    /// <summary>Units in one arm; the error lists the arms present.</summary>
    public long UnitsOf(string arm) => Units[IndexOf(arm)];

    /// <summary>Statistics of one metric in one arm.</summary>
    public SufficientStatistics Get(string arm, string metric)
    {
        int a = IndexOf(arm);
        for (int m = 0; m < Metrics.Count; m++)
            if (Metrics[m].Name == metric) return _stats[a][m];
        throw new ArgumentException($"Metric '{metric}' was not aggregated; metrics: {string.Join(", ", Metrics.Select(x => x.Name))}.", nameof(metric));
    }

    /// <summary>The input of <see cref="AbAnalysis.Analyze"/>: arms in first-seen order with their units and statistics.</summary>
    public ExperimentData ToExperimentData() => new(ToArmData());

    /// <summary>The arms with their units and statistics (also for fewer than 2 arms, as a segment may have).</summary>
    public IReadOnlyList<ArmData> ToArmData()
    {
        var arms = new List<ArmData>(Arms.Count);
        for (int a = 0; a < Arms.Count; a++) arms.Add(new ArmData(Arms[a], Units[a], Statistics[Arms[a]]));
        return arms;
    }

    /// <summary>The metric specifications matching <see cref="Metrics"/>, for <see cref="AbAnalysis.Analyze"/>.</summary>
    public IReadOnlyList<MetricSpec> MetricSpecs()
    {
        var specs = new MetricSpec[Metrics.Count];
        for (int m = 0; m < specs.Length; m++) specs[m] = new MetricSpec(Metrics[m].Name, Metrics[m].Kind, Metrics[m].HasCovariate);
        return specs;
    }

    /// <summary>Whether the log has units in <paramref name="arm"/>.</summary>
    public bool Contains(string arm) => _armIndex.ContainsKey(arm);

    private int IndexOf(string arm) => _armIndex.TryGetValue(arm, out int a)
        ? a
        : throw new ArgumentException($"Arm '{arm}' has no units in the log; arms: {string.Join(", ", Arms)}.", nameof(arm));
}
