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
    public static UnitLogAggregate Aggregate(CsvReader csv, string armColumn, IReadOnlyList<UnitLogMetric> metrics)
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
        var arms = new List<string>();
        var units = new List<long>();
        var accumulators = new List<MomentAccumulator[]>();
        var armLookup = new Dictionary<string, int>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var values = new double[plan.Fields.Length];
        Span<double> unit = stackalloc double[SufficientStatistics.MaxDimension];

        while (csv.Read())
        {
            ReadOnlySpan<char> armText = csv.Field(armField).Trim();
            if (armText.IsEmpty) throw csv.Error(armField, "the arm is empty");
            if (!armLookup.TryGetValue(armText, out int arm))
            {
                arm = arms.Count;
                string name = armText.ToString();
                armLookup.Dictionary[name] = arm;
                arms.Add(name);
                units.Add(0);
                var perMetric = new MomentAccumulator[metrics.Count];
                for (int m = 0; m < perMetric.Length; m++) perMetric[m] = new MomentAccumulator(metrics[m].Dimension);
                accumulators.Add(perMetric);
            }

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

            units[arm]++;
            MomentAccumulator[] target = accumulators[arm];
            for (int m = 0; m < target.Length; m++)
            {
                int[] slots = plan.Slots[m];
                for (int i = 0; i < slots.Length; i++) unit[i] = values[slots[i]];
                target[m].Add(unit[..slots.Length]);
            }
        }

        if (arms.Count == 0) throw new CsvFormatException(csv.Source, csv.Line, null, null, "the file has a header but no data rows");
        var stats = new SufficientStatistics[arms.Count][];
        for (int a = 0; a < stats.Length; a++)
        {
            stats[a] = new SufficientStatistics[metrics.Count];
            for (int m = 0; m < metrics.Count; m++) stats[a][m] = accumulators[a][m].ToStatistics();
        }
        return new UnitLogAggregate(arms, units, metrics.ToArray(), stats);
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
