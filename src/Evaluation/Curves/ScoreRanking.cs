namespace MarketLab.Evaluation.Curves;

/// <summary>
/// The one sort/cumulate core behind every curve in Classification/ and Uplift/: rows ordered by score,
/// highest first, cut into blocks of equal score, with cumulative sums read at block ends only.
/// </summary>
/// <remarks>
/// A block of tied scores moves together, as in ROC analysis (Fawcett 2006, "An introduction to ROC
/// analysis", Algorithm 2) and as in sklearn's <c>_binary_clf_curve</c> and scikit-uplift's
/// <c>uplift_curve</c>, which keep thresholds only at <c>np.where(np.diff(score))</c>. The sort is one
/// <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[])"/> of negated score copies carrying row indices
/// (O(n log n)); every cumulative sum after it is one O(n) gather over <see cref="Order"/>.
/// </remarks>
internal sealed class ScoreRanking
{
    private ScoreRanking(int[] order, int[] blockEnds, double[] thresholds)
    {
        Order = order;
        BlockEnds = blockEnds;
        Thresholds = thresholds;
    }

    /// <summary>Row indices by descending score; inside a tie block, arbitrary unless <c>descendingIndexInTies</c> was asked for in <see cref="Create"/>.</summary>
    public int[] Order { get; }

    /// <summary>Exclusive end, in <see cref="Order"/>, of each block of equal scores; the last is n.</summary>
    public int[] BlockEnds { get; }

    /// <summary>The distinct scores, descending; block b holds the rows scoring <c>Thresholds[b]</c>.</summary>
    public double[] Thresholds { get; }

    public int Count => Order.Length;

    public int Blocks => BlockEnds.Length;

    /// <summary>Sorts once. Scores must already be checked finite (NaN breaks the ordering).</summary>
    /// <param name="scores">One score per row.</param>
    /// <param name="descendingIndexInTies">Order rows inside a tie block by descending row index, which is
    /// numpy's <c>np.argsort(score, kind="mergesort")[::-1]</c> as used by sklift's <c>uplift_at_k</c> and
    /// <c>uplift_by_percentile</c>; needed only where a cut may fall inside a block.</param>
    public static ScoreRanking Create(ReadOnlySpan<double> scores, bool descendingIndexInTies = false)
    {
        int n = scores.Length;
        var keys = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = -scores[i];
            order[i] = i;
        }
        Array.Sort(keys, order);

        int blocks = 0;
        for (int i = 0; i < n; i++)
            if (i == n - 1 || keys[i] != keys[i + 1]) blocks++;
        var ends = new int[blocks];
        var thresholds = new double[blocks];
        int b = 0, start = 0;
        for (int i = 0; i < n; i++)
        {
            if (i != n - 1 && keys[i] == keys[i + 1]) continue;
            ends[b] = i + 1;
            thresholds[b] = scores[order[i]];
            if (descendingIndexInTies && i + 1 - start > 1)
            {
                var block = order.AsSpan(start, i + 1 - start);
                block.Sort();
                block.Reverse();
            }
            start = i + 1;
            b++;
        }
        return new ScoreRanking(order, ends, thresholds);
    }

    /// <summary>Σ values over the rows up to each block end (length <see cref="Blocks"/>).</summary>
    public double[] Cumulate(ReadOnlySpan<double> values)
    {
        var result = new double[BlockEnds.Length];
        double sum = 0;
        int i = 0;
        for (int b = 0; b < BlockEnds.Length; b++)
        {
            for (int end = BlockEnds[b]; i < end; i++) sum += values[Order[i]];
            result[b] = sum;
        }
        return result;
    }

    /// <summary>Σ a·b over the rows up to each block end (length <see cref="Blocks"/>).</summary>
    public double[] Cumulate(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var result = new double[BlockEnds.Length];
        double sum = 0;
        int i = 0;
        for (int k = 0; k < BlockEnds.Length; k++)
        {
            for (int end = BlockEnds[k]; i < end; i++)
            {
                int row = Order[i];
                sum += a[row] * b[row];
            }
            result[k] = sum;
        }
        return result;
    }

    /// <summary>Rows up to each block end, as doubles (the x axis of gain curves).</summary>
    public double[] CumulativeCounts()
    {
        var result = new double[BlockEnds.Length];
        for (int b = 0; b < result.Length; b++) result[b] = BlockEnds[b];
        return result;
    }

    /// <summary>The block index of every row (row → block), for per-row statistics such as DeLong's.</summary>
    public int[] BlockOfRows()
    {
        var result = new int[Order.Length];
        int i = 0;
        for (int b = 0; b < BlockEnds.Length; b++)
            for (int end = BlockEnds[b]; i < end; i++) result[Order[i]] = b;
        return result;
    }
}
