using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Data;

/// <summary>
/// Streams a per-unit CSV log (one row per randomisation unit: an arm column and metric columns)
/// into per-arm, per-metric <see cref="SufficientStatistics"/> in one pass and O(arms × metrics) memory.
/// </summary>
/// <remarks>
/// Validation, each error naming file, line and column: values must be finite numbers; a
/// proportion's outcome must be 0 or 1; ratio denominators (current and pre-period) are counts and
/// must be ≥ 0; the arm value must not be empty. Each column is parsed once per row even when
/// several metrics share it.
/// </remarks>
public static class UnitLogAggregator
{
    /// <summary>Aggregates a CSV file.</summary>
    public static UnitLogAggregate Aggregate(string path, string armColumn, IReadOnlyList<UnitLogMetric> metrics)
    {
        using CsvReader csv = CsvReader.Open(path);
        return Aggregate(csv, armColumn, metrics);
    }

    /// <summary>Aggregates the remaining records of an open reader.</summary>
    public static UnitLogAggregate Aggregate(CsvReader csv, string armColumn, IReadOnlyList<UnitLogMetric> metrics) =>
        Run(csv, armColumn, metrics, null).Overall;

    /// <summary>
    /// Aggregates a CSV file overall and per segment of a <c>user,segment</c> assignment joined on
    /// <paramref name="joinColumn"/> (one pass); rows whose id has no segment go to <see cref="SegmentAssignments.Unassigned"/>.
    /// </summary>
    public static SegmentedUnitLog AggregateBySegment(string path, string armColumn, IReadOnlyList<UnitLogMetric> metrics,
        string joinColumn, SegmentAssignments segments)
    {
        using CsvReader csv = CsvReader.Open(path);
        return AggregateBySegment(csv, armColumn, metrics, joinColumn, segments);
    }

    /// <summary>As <see cref="AggregateBySegment(string, string, IReadOnlyList{UnitLogMetric}, string, SegmentAssignments)"/> on an open reader.</summary>
    /// <exception cref="CsvFormatException">The join column is missing (the error lists the columns), or a row's id is empty.</exception>
    public static SegmentedUnitLog AggregateBySegment(CsvReader csv, string armColumn, IReadOnlyList<UnitLogMetric> metrics,
        string joinColumn, SegmentAssignments segments)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(joinColumn);
        ArgumentNullException.ThrowIfNull(segments);
        int joinField = csv.ColumnIndex(joinColumn, $"the join with the segments of {segments.Source}");
        var (overall, groups) = Run(csv, armColumn, metrics, reader =>
        {
            ReadOnlySpan<char> id = reader.Field(joinField).Trim();
            if (id.IsEmpty) throw reader.Error(joinField, "the id to join with the segments is empty");
            return segments.SegmentOf(id.ToString());
        });
        var ordered = SegmentAssignments.Order(groups!.Keys).Select(g => new UnitLogSegment(g, groups[g])).ToList();
        long unassigned = groups.TryGetValue(SegmentAssignments.Unassigned, out var u) ? u.TotalUnits : 0;
        return new SegmentedUnitLog(overall, ordered, unassigned, joinColumn);
    }

    // One pass: every row goes to the overall accumulators and, with a grouping, to its group's.
    private static (UnitLogAggregate Overall, Dictionary<string, UnitLogAggregate>? Groups) Run(CsvReader csv, string armColumn,
        IReadOnlyList<UnitLogMetric> metrics, Func<CsvReader, string>? groupOf)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(armColumn);
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0) throw new ArgumentException("At least one metric is needed.", nameof(metrics));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (UnitLogMetric m in metrics)
            if (!names.Add(m.Name)) throw new ArgumentException($"Metric '{m.Name}' is defined twice.", nameof(metrics));

        int armField = csv.ColumnIndex(armColumn, "the arm");
        var plan = Plan.Build(csv, metrics);
        var overall = new Accumulators(metrics);
        var groups = groupOf is null ? null : new Dictionary<string, Accumulators>(StringComparer.Ordinal);
        var values = new double[plan.Fields.Length];
        Span<double> unit = stackalloc double[SufficientStatistics.MaxDimension];

        while (csv.Read())
        {
            ReadOnlySpan<char> armText = csv.Field(armField).Trim();
            if (armText.IsEmpty) throw csv.Error(armField, "the arm is empty");
            for (int f = 0; f < values.Length; f++)
            {
                int field = plan.Fields[f];
                double v = csv.GetDouble(field);
                Check check = plan.Checks[f];
                if ((check & Check.Binary) != 0 && v != 0 && v != 1)
                    throw csv.Error(field, $"{Format(v)} is not 0 or 1, as a proportion metric ({plan.BinaryOwner[f]}) needs");
                if ((check & Check.NonNegative) != 0 && v < 0)
                    throw csv.Error(field, $"{Format(v)} is negative; a ratio denominator ({plan.NonNegativeOwner[f]}) is a count and must be >= 0");
                values[f] = v;
            }
            overall.Add(armText, plan, values, unit);
            if (groups is not null)
            {
                string group = groupOf!(csv);
                if (!groups.TryGetValue(group, out var accumulators)) groups[group] = accumulators = new Accumulators(metrics);
                accumulators.Add(armText, plan, values, unit);
            }
        }

        if (overall.Arms.Count == 0) throw new CsvFormatException(csv.Source, csv.Line, null, null, "the file has a header but no data rows");
        return (overall.ToAggregate(metrics), groups?.ToDictionary(g => g.Key, g => g.Value.ToAggregate(metrics), StringComparer.Ordinal));
    }

    // Per-arm moment accumulators of one group of rows, arms in order of first appearance.
    private sealed class Accumulators(IReadOnlyList<UnitLogMetric> metrics)
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup = new Dictionary<string, int>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly List<long> units = [];
        private readonly List<MomentAccumulator[]> moments = [];

        public List<string> Arms { get; } = [];

        public void Add(ReadOnlySpan<char> armText, Plan plan, double[] values, Span<double> unit)
        {
            if (!lookup.TryGetValue(armText, out int arm))
            {
                arm = Arms.Count;
                string name = armText.ToString();
                lookup.Dictionary[name] = arm;
                Arms.Add(name);
                units.Add(0);
                var perMetric = new MomentAccumulator[metrics.Count];
                for (int m = 0; m < perMetric.Length; m++) perMetric[m] = new MomentAccumulator(metrics[m].Dimension);
                moments.Add(perMetric);
            }
            units[arm]++;
            MomentAccumulator[] target = moments[arm];
            for (int m = 0; m < target.Length; m++)
            {
                int[] slots = plan.Slots[m];
                for (int i = 0; i < slots.Length; i++) unit[i] = values[slots[i]];
                target[m].Add(unit[..slots.Length]);
            }
        }

        public UnitLogAggregate ToAggregate(IReadOnlyList<UnitLogMetric> metricList)
        {
            var stats = new SufficientStatistics[Arms.Count][];
            for (int a = 0; a < stats.Length; a++)
            {
                stats[a] = new SufficientStatistics[metricList.Count];
                for (int m = 0; m < metricList.Count; m++) stats[a][m] = moments[a][m].ToStatistics();
            }
            return new UnitLogAggregate(Arms.ToArray(), units.ToArray(), metricList.ToArray(), stats);
        }
    }

    private static string Format(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [Flags]
    private enum Check
    {
        None = 0,
        Binary = 1,
        NonNegative = 2,
    }

    // Which CSV fields to parse, what to check on each, and where each metric's variables come from.
    private sealed record Plan(int[] Fields, Check[] Checks, string?[] BinaryOwner, string?[] NonNegativeOwner, int[][] Slots)
    {
        public static Plan Build(CsvReader csv, IReadOnlyList<UnitLogMetric> metrics)
        {
            var slotOfField = new Dictionary<int, int>();
            var fields = new List<int>();
            var checks = new List<Check>();
            var binaryOwner = new List<string?>();
            var nonNegativeOwner = new List<string?>();
            var slots = new int[metrics.Count][];
            for (int m = 0; m < metrics.Count; m++)
            {
                UnitLogMetric metric = metrics[m];
                slots[m] = new int[metric.Dimension];
                for (int i = 0; i < metric.Dimension; i++)
                {
                    int field = csv.ColumnIndex(metric.Columns[i], $"metric '{metric.Name}'");
                    if (!slotOfField.TryGetValue(field, out int slot))
                    {
                        slot = fields.Count;
                        slotOfField[field] = slot;
                        fields.Add(field);
                        checks.Add(Check.None);
                        binaryOwner.Add(null);
                        nonNegativeOwner.Add(null);
                    }
                    if (metric.IsBinaryOutcome(i))
                    {
                        checks[slot] |= Check.Binary;
                        binaryOwner[slot] ??= $"'{metric.Name}'";
                    }
                    if (metric.IsDenominator(i))
                    {
                        checks[slot] |= Check.NonNegative;
                        nonNegativeOwner[slot] ??= $"of '{metric.Name}'";
                    }
                    slots[m][i] = slot;
                }
            }
            return new Plan(fields.ToArray(), checks.ToArray(), binaryOwner.ToArray(), nonNegativeOwner.ToArray(), slots);
        }
    }
}
