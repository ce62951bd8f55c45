namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// Sufficient statistics of one arm over d per-unit variables: the count n, the sums Σxᵢ and the
/// cross-products Σxᵢxⱼ. Immutable and additive, so a large log can be aggregated in chunks, in
/// parallel or by a database and the pieces added together (as GrowthBook's gbstats does).
/// </summary>
/// <remarks>
/// Variable order is fixed by the metric: [value] for proportions and means, [numerator, denominator]
/// for ratios, each followed by its pre-period counterparts when CUPED is used.
/// </remarks>
public sealed class SufficientStatistics
{
    private readonly double[] _sums;
    private readonly double[] _products; // upper triangle, row-major: (0,0), (0,1), ..., (1,1), ...

    private SufficientStatistics(long count, double[] sums, double[] products)
    {
        Count = count;
        _sums = sums;
        _products = products;
    }

    /// <summary>Number of units.</summary>
    public long Count { get; }

    /// <summary>Number of variables d.</summary>
    public int Dimension => _sums.Length;

    /// <summary>Σ xᵢ over units.</summary>
    public double Sum(int i) => _sums[i];

    /// <summary>Σ xᵢ xⱼ over units.</summary>
    public double SumOfProducts(int i, int j) => _products[Index(i, j, Dimension)];

    /// <summary>Sample mean of variable i.</summary>
    public double Mean(int i) => _sums[i] / Count;

    /// <summary>Sample covariance of variables i and j with the n − 1 denominator.</summary>
    public double Covariance(int i, int j) =>
        (SumOfProducts(i, j) - _sums[i] * _sums[j] / Count) / (Count - 1);

    /// <summary>Empty statistics over <paramref name="dimension"/> variables.</summary>
    public static SufficientStatistics Empty(int dimension)
    {
        CheckDimension(dimension);
        return new SufficientStatistics(0, new double[dimension], new double[dimension * (dimension + 1) / 2]);
    }

    /// <summary>
    /// Statistics computed elsewhere (a SQL GROUP BY, say). <paramref name="sumsOfProducts"/> is the
    /// d×d matrix of Σxᵢxⱼ; it must be symmetric.
    /// </summary>
    public static SufficientStatistics FromSums(long count, IReadOnlyList<double> sums, double[,] sumsOfProducts)
    {
        ArgumentNullException.ThrowIfNull(sums);
        ArgumentNullException.ThrowIfNull(sumsOfProducts);
        int d = sums.Count;
        CheckDimension(d);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A unit count cannot be negative.");
        if (sumsOfProducts.GetLength(0) != d || sumsOfProducts.GetLength(1) != d)
            throw new ArgumentException($"sumsOfProducts must be {d}x{d} to match {d} sums.", nameof(sumsOfProducts));
        var s = new double[d];
        var p = new double[d * (d + 1) / 2];
        for (int i = 0; i < d; i++)
        {
            s[i] = CheckFinite(sums[i], $"sums[{i}]");
            for (int j = i; j < d; j++)
            {
                double v = CheckFinite(sumsOfProducts[i, j], $"sumsOfProducts[{i},{j}]");
                if (v != sumsOfProducts[j, i])
                    throw new ArgumentException($"sumsOfProducts is not symmetric at [{i},{j}].", nameof(sumsOfProducts));
                p[Index(i, j, d)] = v;
            }
        }
        return new SufficientStatistics(count, s, p);
    }

    /// <summary>Statistics of one variable from n, Σx and Σx².</summary>
    public static SufficientStatistics FromSums(long count, double sum, double sumOfSquares) =>
        FromSums(count, [sum], new double[,] { { sumOfSquares } });

    /// <summary>Adds two disjoint sets of units.</summary>
    public static SufficientStatistics operator +(SufficientStatistics left, SufficientStatistics right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Dimension != right.Dimension)
            throw new ArgumentException($"Cannot add statistics of {left.Dimension} and {right.Dimension} variables.");
        var s = new double[left._sums.Length];
        var p = new double[left._products.Length];
        for (int i = 0; i < s.Length; i++) s[i] = left._sums[i] + right._sums[i];
        for (int i = 0; i < p.Length; i++) p[i] = left._products[i] + right._products[i];
        return new SufficientStatistics(left.Count + right.Count, s, p);
    }

    internal static SufficientStatistics FromArrays(long count, double[] sums, double[] products) => new(count, sums, products);

    internal static int Index(int i, int j, int d)
    {
        if ((uint)i >= (uint)d || (uint)j >= (uint)d)
            throw new ArgumentOutOfRangeException(nameof(i), $"Variable index ({i}, {j}) is outside 0..{d - 1}.");
        if (i > j) (i, j) = (j, i);
        return i * d - i * (i - 1) / 2 + (j - i);
    }

    internal static void CheckDimension(int d)
    {
        if (d is < 1 or > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(d), d, $"Sufficient statistics hold 1 to {MaxDimension} variables.");
    }

    private static double CheckFinite(double v, string what) =>
        double.IsFinite(v) ? v : throw new ArgumentException($"{what} is {v}; sufficient statistics must be finite.");

    /// <summary>Largest supported number of variables (ratio numerator and denominator, each with a pre-period value).</summary>
    public const int MaxDimension = 4;
}
