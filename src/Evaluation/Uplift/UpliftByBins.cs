using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Curves;
using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.Uplift;

/// <summary>
/// Uplift by decile (or any number of bins): the ranking cut into equal-count bins, each with its arms'
/// response rates, uplift and a Wald interval (sklift <c>uplift_by_percentile(std=True)</c>).
/// </summary>
public static class UpliftByBins
{
    /// <summary>Splits the ranking into <paramref name="bins"/> bins as <c>np.array_split</c> (the first n mod bins
    /// bins one row larger), either over all rows or within each arm (<see cref="TargetingStrategy"/>).</summary>
    /// <param name="yTrue">Responses in {0, 1}.</param>
    /// <param name="uplift">Predicted uplift scores, finite; higher first. Ties are taken in sklift's order (descending row index).</param>
    /// <param name="treatment">Arm of each row: 1 treated, 0 control; both present.</param>
    /// <param name="bins">Number of bins, 1..n (10 for deciles).</param>
    /// <param name="strategy">Bin all rows together, or each arm separately.</param>
    /// <param name="confidenceLevel">Coverage of each bin's interval.</param>
    public static IReadOnlyList<UpliftBin> Compute(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment,
        int bins = 10, TargetingStrategy strategy = TargetingStrategy.Overall, double confidenceLevel = 0.95)
    {
        UpliftCounts.Check(yTrue, uplift, treatment);
        if (!Enum.IsDefined(strategy))
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, $"strategy must be one of {string.Join(", ", Enum.GetNames<TargetingStrategy>())}.");
        InputCheck.Level(confidenceLevel, nameof(confidenceLevel));
        int n = yTrue.Length, treatedTotal = 0;
        for (int i = 0; i < n; i++) treatedTotal += (int)treatment[i];
        int limit = strategy == TargetingStrategy.Overall ? n : Math.Min(treatedTotal, n - treatedTotal);
        InputCheck.Range(bins, 1, limit, nameof(bins));

        int[] order = ScoreRanking.Create(uplift, descendingIndexInTies: true).Order;
        var nt = new long[bins];
        var nc = new long[bins];
        var yt = new double[bins];
        var yc = new double[bins];
        int seenAll = 0, seenTreated = 0, seenControl = 0;
        for (int i = 0; i < n; i++)
        {
            int row = order[i];
            bool treated = treatment[row] == 1;
            int b = strategy == TargetingStrategy.Overall ? SplitBin(seenAll++, n, bins)
                : treated ? SplitBin(seenTreated++, treatedTotal, bins) : SplitBin(seenControl++, n - treatedTotal, bins);
            if (treated) { nt[b]++; yt[b] += yTrue[row]; }
            else { nc[b]++; yc[b] += yTrue[row]; }
        }

        return FromCounts(nt, nc, yt, yc, confidenceLevel);
    }

    /// <summary>
    /// Bins from per-bin arm counts computed elsewhere (SQL's <c>NTILE(bins) OVER (ORDER BY score DESC, …)</c>,
    /// which sizes bins as <c>np.array_split</c> does): treated and control rows and responders per bin, best bin first.
    /// </summary>
    public static IReadOnlyList<UpliftBin> FromCounts(IReadOnlyList<long> nt, IReadOnlyList<long> nc, IReadOnlyList<double> yt,
        IReadOnlyList<double> yc, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(nt);
        ArgumentNullException.ThrowIfNull(nc);
        ArgumentNullException.ThrowIfNull(yt);
        ArgumentNullException.ThrowIfNull(yc);
        int bins = nt.Count;
        if (bins == 0 || nc.Count != bins || yt.Count != bins || yc.Count != bins)
            throw new ArgumentException($"Per-bin counts must be non-empty and of equal length; got {nt.Count}, {nc.Count}, {yt.Count}, {yc.Count}.", nameof(nt));
        InputCheck.Level(confidenceLevel, nameof(confidenceLevel));
        for (int b = 0; b < bins; b++)
            if (nt[b] < 0 || nc[b] < 0 || !(yt[b] >= 0 && yt[b] <= nt[b]) || !(yc[b] >= 0 && yc[b] <= nc[b]))
                throw new ArgumentException($"Bin {b}: counts (nt {nt[b]}, nc {nc[b]}, yt {yt[b]}, yc {yc[b]}) must be >= 0 with responders <= rows.", nameof(nt));
        double z = Normal.Quantile(0.5 + confidenceLevel / 2);
        var result = new UpliftBin[bins];
        for (int b = 0; b < bins; b++)
        {
            double percentile = Math.Round((b + 1) * 100.0 / bins, MidpointRounding.ToEven);
            if (nt[b] == 0 || nc[b] == 0)
            {
                result[b] = new UpliftBin(b, percentile, nt[b], nc[b], nt[b] == 0 ? double.NaN : yt[b] / nt[b],
                    nc[b] == 0 ? double.NaN : yc[b] / nc[b], double.NaN, double.NaN, new Interval(double.NaN, double.NaN), AnalysisError.EmptyArm);
                continue;
            }
            double pt = yt[b] / nt[b], pc = yc[b] / nc[b], d = pt - pc;
            double se = Math.Sqrt(pt * (1 - pt) / nt[b] + pc * (1 - pc) / nc[b]);
            result[b] = new UpliftBin(b, percentile, nt[b], nc[b], pt, pc, d, se, new Interval(d - z * se, d + z * se), AnalysisError.None);
        }
        return Array.AsReadOnly(result);
    }

    /// <summary>The bin of position i among m rows under <c>np.array_split(m, bins)</c>.</summary>
    private static int SplitBin(int i, int m, int bins)
    {
        int small = m / bins, large = small + 1, extra = m % bins;
        return i < extra * large ? i / large : extra + (i - extra * large) / small;
    }
}
