using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Uplift;

/// <summary>Seeded train/test split stratified by treatment arm, so both halves keep the experiment's treated share.</summary>
public static class UpliftSplit
{
    /// <summary>Splits the rows; the same data, fraction and seed give the same split.</summary>
    public static (UpliftData Train, UpliftData Test) Split(UpliftData data, double testFraction, int seed)
    {
        var (train, test) = Indices(data, testFraction, seed);
        return (Subset(data, train), Subset(data, test));
    }

    /// <summary>Row indices of the training and held-out rows, each in ascending order.</summary>
    public static (int[] Train, int[] Test) Indices(UpliftData data, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must lie strictly between 0 and 1.");
        return StratifiedSplit.Indices(data.Treatment, [false, true], testFraction, seed);
    }

    /// <summary>The given rows, in the given order.</summary>
    public static UpliftData Subset(UpliftData data, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        return UpliftData.FromArrays(rows.Select(i => data.Features[i]).ToArray(), rows.Select(i => data.Treatment[i]).ToArray(),
            rows.Select(i => data.Outcome[i]).ToArray());
    }
}
