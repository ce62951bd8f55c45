using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Uplift;

/// <summary>Uplift data split into training and held-out rows; the true effects of the held-out rows when the data is simulated.</summary>
public sealed record UpliftHoldout(UpliftData Train, UpliftData Test, double[]? TestTrueEffects)
{
    /// <summary>The segment of each held-out row (a breakdown of the report), or null for none.</summary>
    public IReadOnlyList<string>? TestSegments { get; init; }

    /// <summary>A seeded split stratified by arm (<see cref="UpliftSplit"/>): the same seed and share give the same split.</summary>
    /// <param name="data">All rows.</param>
    /// <param name="trueEffects">Simulated true effects per row, or null.</param>
    /// <param name="testShare">Held-out share.</param>
    /// <param name="seed">Split seed.</param>
    /// <param name="rowSegments">A segment per row of <paramref name="data"/> for a per-segment breakdown, or null. The split
    /// does not look at it, so the same seed gives the same rows with or without segments.</param>
    public static UpliftHoldout Create(UpliftData data, double[]? trueEffects, double testShare, int seed, IReadOnlyList<string>? rowSegments = null)
    {
        if (rowSegments is not null && rowSegments.Count != data.Count)
            throw new ArgumentException($"{rowSegments.Count} segments for {data.Count} rows.", nameof(rowSegments));
        var (train, test) = UpliftSplit.Indices(data, testShare, seed);
        return new UpliftHoldout(UpliftSplit.Subset(data, train), UpliftSplit.Subset(data, test), trueEffects is null ? null : test.Select(i => trueEffects[i]).ToArray())
        {
            TestSegments = rowSegments is null ? null : test.Select(i => rowSegments[i]).ToArray(),
        };
    }
}
