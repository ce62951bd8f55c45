using MarketLab.Evaluation.Curves;

namespace MarketLab.Evaluation.Economics;

/// <summary>
/// Running sums of per-unit columns in descending score order, built on the shared sort core
/// (<see cref="ScoreRanking"/>), with cuts that fall only between distinct scores.
/// </summary>
/// <remarks>
/// Every cut extends through its tie block, so a sum never depends on the order of tied units.
/// </remarks>
internal sealed class RankedSums
{
    private readonly double[] _sortedScores;
    private readonly double[][] _cumulative;

    /// <summary>Ranks the units and accumulates each column (one value per unit, in input order).</summary>
    public RankedSums(double[] scores, params double[][] columns)
    {
        var ranking = ScoreRanking.Create(scores);
        int[] order = ranking.Order;
        int n = order.Length;
        _sortedScores = new double[n];
        for (int j = 0; j < n; j++) _sortedScores[j] = scores[order[j]];
        _cumulative = new double[columns.Length][];
        for (int c = 0; c < columns.Length; c++)
        {
            var sums = new double[n + 1];
            for (int j = 0; j < n; j++) sums[j + 1] = sums[j] + columns[c][order[j]];
            _cumulative[c] = sums;
        }
    }

    public int Count => _sortedScores.Length;

    /// <summary>
    /// Units in the top share k: m = max(1, ⌊k n + ½⌋), then extended past every unit whose score ties with
    /// the m-th, so that tied customers are all targeted or none (as ROC thresholds at distinct scores).
    /// </summary>
    public int Cut(double fraction)
    {
        int n = Count;
        int m = (int)Math.Min(n, Math.Max(1, Math.Floor(fraction * n + 0.5)));
        while (m < n && _sortedScores[m] == _sortedScores[m - 1]) m++;
        return m;
    }

    /// <summary>Sum of a column over the top <paramref name="units"/> ranked units.</summary>
    public double Sum(int column, int units) => _cumulative[column][units];
}
