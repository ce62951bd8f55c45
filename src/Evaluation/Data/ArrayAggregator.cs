using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Evaluation.Data;

/// <summary>
/// In-memory aggregation of column arrays (an arm index per unit and one to four value columns)
/// into per-arm <see cref="SufficientStatistics"/>: one tight pass, no allocation per row.
/// </summary>
/// <remarks>
/// Rows are spread over four interleaved sets of per-arm accumulators so that consecutive rows of
/// the same arm do not wait on one another's store (a loop-carried dependency through memory);
/// the sets are added at the end. Non-finite values are not checked per row: they poison the sums,
/// and only then is the input scanned to report the first bad row.
/// </remarks>
public static class ArrayAggregator
{
    private const int Lanes = 4;

    /// <summary>One variable per unit: statistics for arms 0 .. <paramref name="armCount"/> − 1.</summary>
    public static SufficientStatistics[] Aggregate(ReadOnlySpan<int> arms, int armCount, ReadOnlySpan<double> values)
    {
        CheckShape(arms, armCount, values.Length, nameof(values));
        var count = new long[Lanes * armCount];
        var sum = new double[Lanes * armCount];
        var square = new double[Lanes * armCount];
        ref int a = ref MemoryMarshal.GetReference(arms);
        ref double x = ref MemoryMarshal.GetReference(values);
        ref long c = ref count[0];
        ref double s = ref sum[0];
        ref double q = ref square[0];
        int n = arms.Length, k = armCount, i = 0;
        for (; i <= n - Lanes; i += Lanes)
        {
            int a0 = Arm(ref a, i, k), a1 = Arm(ref a, i + 1, k) + k, a2 = Arm(ref a, i + 2, k) + 2 * k, a3 = Arm(ref a, i + 3, k) + 3 * k;
            double x0 = Unsafe.Add(ref x, i), x1 = Unsafe.Add(ref x, i + 1), x2 = Unsafe.Add(ref x, i + 2), x3 = Unsafe.Add(ref x, i + 3);
            Unsafe.Add(ref c, a0)++; Unsafe.Add(ref s, a0) += x0; Unsafe.Add(ref q, a0) += x0 * x0;
            Unsafe.Add(ref c, a1)++; Unsafe.Add(ref s, a1) += x1; Unsafe.Add(ref q, a1) += x1 * x1;
            Unsafe.Add(ref c, a2)++; Unsafe.Add(ref s, a2) += x2; Unsafe.Add(ref q, a2) += x2 * x2;
            Unsafe.Add(ref c, a3)++; Unsafe.Add(ref s, a3) += x3; Unsafe.Add(ref q, a3) += x3 * x3;
        }
        for (; i < n; i++)
        {
            int a0 = Arm(ref a, i, k);
            double x0 = Unsafe.Add(ref x, i);
            Unsafe.Add(ref c, a0)++; Unsafe.Add(ref s, a0) += x0; Unsafe.Add(ref q, a0) += x0 * x0;
        }
        var result = new SufficientStatistics[k];
        for (int arm = 0; arm < k; arm++)
        {
            long units = 0;
            double total = 0, squares = 0;
            for (int lane = 0; lane < Lanes; lane++)
            {
                units += count[lane * k + arm];
                total += sum[lane * k + arm];
                squares += square[lane * k + arm];
            }
            if (!double.IsFinite(total) || !double.IsFinite(squares)) throw NonFinite(values, 0);
            result[arm] = SufficientStatistics.FromArrays(units, [total], [squares]);
        }
        return result;
    }

    /// <summary>Two variables per unit (a ratio's numerator and denominator, or a value and its covariate).</summary>
    public static SufficientStatistics[] Aggregate(ReadOnlySpan<int> arms, int armCount, ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        CheckShape(arms, armCount, first.Length, nameof(first));
        CheckShape(arms, armCount, second.Length, nameof(second));
        const int Slots = 6; // n, Σx, Σy, Σx², Σxy, Σy²
        const int Used = 2; // two interleaved sets suffice here: six independent sums per row already
        var acc = new double[Used * armCount * Slots];
        ref int a = ref MemoryMarshal.GetReference(arms);
        ref double x = ref MemoryMarshal.GetReference(first);
        ref double y = ref MemoryMarshal.GetReference(second);
        ref double r = ref acc[0];
        int n = arms.Length, k = armCount, i = 0;
        for (; i <= n - 2; i += 2)
        {
            int o0 = Arm(ref a, i, k) * Slots, o1 = (Arm(ref a, i + 1, k) + k) * Slots;
            Add2(ref Unsafe.Add(ref r, o0), Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
            Add2(ref Unsafe.Add(ref r, o1), Unsafe.Add(ref x, i + 1), Unsafe.Add(ref y, i + 1));
        }
        for (; i < n; i++) Add2(ref Unsafe.Add(ref r, Arm(ref a, i, k) * Slots), Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));

        var result = new SufficientStatistics[k];
        Span<double> t = stackalloc double[Slots];
        for (int arm = 0; arm < k; arm++)
        {
            t.Clear();
            for (int lane = 0; lane < Used; lane++)
                for (int j = 0; j < Slots; j++) t[j] += acc[((lane * k) + arm) * Slots + j];
            for (int j = 1; j < Slots; j++)
                if (!double.IsFinite(t[j])) throw j is 1 or 3 ? NonFinite(first, 0) : NonFinite(second, 1);
            result[arm] = SufficientStatistics.FromArrays((long)t[0], [t[1], t[2]], [t[3], t[4], t[5]]);
        }
        return result;
    }

    /// <summary>One to four variables per unit, in the metric's variable layout.</summary>
    public static SufficientStatistics[] Aggregate(ReadOnlySpan<int> arms, int armCount, IReadOnlyList<double[]> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        SufficientStatistics.CheckDimension(columns.Count);
        if (columns.Count == 1) return Aggregate(arms, armCount, columns[0]);
        if (columns.Count == 2) return Aggregate(arms, armCount, columns[0], columns[1]);
        for (int j = 0; j < columns.Count; j++) CheckShape(arms, armCount, columns[j].Length, $"columns[{j}]");
        var accumulators = new MomentAccumulator[armCount];
        for (int arm = 0; arm < armCount; arm++) accumulators[arm] = new MomentAccumulator(columns.Count);
        Span<double> unit = stackalloc double[columns.Count];
        for (int i = 0; i < arms.Length; i++)
        {
            for (int j = 0; j < unit.Length; j++) unit[j] = columns[j][i];
            accumulators[CheckedArm(arms[i], i, armCount)].Add(unit);
        }
        var result = new SufficientStatistics[armCount];
        for (int arm = 0; arm < armCount; arm++) result[arm] = accumulators[arm].ToStatistics();
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add2(ref double slot, double x, double y)
    {
        slot += 1;
        Unsafe.Add(ref slot, 1) += x;
        Unsafe.Add(ref slot, 2) += y;
        Unsafe.Add(ref slot, 3) += x * x;
        Unsafe.Add(ref slot, 4) += x * y;
        Unsafe.Add(ref slot, 5) += y * y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Arm(ref int arms, int i, int armCount)
    {
        int arm = Unsafe.Add(ref arms, i);
        return (uint)arm < (uint)armCount ? arm : ThrowArm(arm, i, armCount);
    }

    private static int CheckedArm(int arm, int row, int armCount) =>
        (uint)arm < (uint)armCount ? arm : ThrowArm(arm, row, armCount);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ThrowArm(int arm, int row, int armCount) =>
        throw new ArgumentOutOfRangeException("arms", arm, $"Row {row}: arm index {arm} is outside 0..{armCount - 1}.");

    private static void CheckShape(ReadOnlySpan<int> arms, int armCount, int length, string name)
    {
        if (armCount < 1) throw new ArgumentOutOfRangeException(nameof(armCount), armCount, "At least one arm is needed.");
        if (length != arms.Length)
            throw new ArgumentException($"{name} has {length} rows but arms has {arms.Length}.", name);
    }

    private static ArgumentException NonFinite(ReadOnlySpan<double> column, int variable)
    {
        for (int i = 0; i < column.Length; i++)
            if (!double.IsFinite(column[i]))
                return new ArgumentException($"Row {i}, variable {variable}: value {column[i]} is not a finite number.");
        return new ArgumentException($"Variable {variable}: the sums overflow double precision; rescale the values.");
    }
}
