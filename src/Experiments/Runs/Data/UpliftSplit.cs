using MarketLab.Experiments.Uplift;

namespace MarketLab.Experiments.Runs.Data;

/// <summary>Uplift data split into training and held-out rows; the true effects of the held-out rows when the data is simulated.</summary>
public sealed record UpliftSplit(UpliftData Train, UpliftData Test, double[]? TestTrueEffects)
{
    /// <summary>Splits rows by a seeded shuffle: the same seed and share give the same split.</summary>
    public static UpliftSplit Create(UpliftData data, double[]? trueEffects, double testShare, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(order);
        int testCount = Math.Clamp((int)Math.Round(testShare * data.Count), 1, data.Count - 1);
        int[] test = order[..testCount], train = order[testCount..];
        Array.Sort(test);
        Array.Sort(train);
        return new UpliftSplit(Subset(data, train), Subset(data, test), trueEffects is null ? null : test.Select(i => trueEffects[i]).ToArray());
    }

    private static UpliftData Subset(UpliftData data, int[] rows) =>
        UpliftData.FromArrays(rows.Select(i => data.Features[i]).ToArray(), rows.Select(i => data.Treatment[i]).ToArray(), rows.Select(i => data.Outcome[i]).ToArray());
}
