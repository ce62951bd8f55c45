namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// Streaming builder of <see cref="SufficientStatistics"/>: one pass over per-unit rows, O(d²) memory.
/// Not thread-safe; give each thread its own accumulator and add the results.
/// </summary>
public sealed class MomentAccumulator
{
    private readonly double[] _sums;
    private readonly double[] _products;
    private long _count;

    public MomentAccumulator(int dimension)
    {
        SufficientStatistics.CheckDimension(dimension);
        _sums = new double[dimension];
        _products = new double[dimension * (dimension + 1) / 2];
    }

    public int Dimension => _sums.Length;
    public long Count => _count;

    /// <summary>Adds one unit with a single variable.</summary>
    public void Add(double x)
    {
        if (Dimension != 1) throw new InvalidOperationException($"This accumulator holds {Dimension} variables; pass all of them.");
        if (!double.IsFinite(x)) throw new ArgumentException($"Unit {_count + 1}: value {x} is not finite.", nameof(x));
        _count++;
        _sums[0] += x;
        _products[0] += x * x;
    }

    /// <summary>Adds one unit with all <see cref="Dimension"/> variables.</summary>
    public void Add(ReadOnlySpan<double> unit)
    {
        int d = Dimension;
        if (unit.Length != d) throw new ArgumentException($"Expected {d} values per unit, got {unit.Length}.", nameof(unit));
        for (int i = 0; i < d; i++)
            if (!double.IsFinite(unit[i]))
                throw new ArgumentException($"Unit {_count + 1}: variable {i} is {unit[i]}, not a finite number.", nameof(unit));
        _count++;
        int k = 0;
        for (int i = 0; i < d; i++)
        {
            _sums[i] += unit[i];
            for (int j = i; j < d; j++) _products[k++] += unit[i] * unit[j];
        }
    }

    /// <summary>Adds every unit another accumulator has seen.</summary>
    public void Merge(MomentAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Dimension != Dimension) throw new ArgumentException($"Cannot merge {other.Dimension} variables into {Dimension}.", nameof(other));
        _count += other._count;
        for (int i = 0; i < _sums.Length; i++) _sums[i] += other._sums[i];
        for (int i = 0; i < _products.Length; i++) _products[i] += other._products[i];
    }

    /// <summary>A snapshot of what has been added so far.</summary>
    public SufficientStatistics ToStatistics() =>
        SufficientStatistics.FromArrays(_count, (double[])_sums.Clone(), (double[])_products.Clone());
}
