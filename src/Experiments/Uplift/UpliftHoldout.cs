using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Uplift;

/// <summary>Uplift data split into training and held-out rows; the true effects of the held-out rows when the data is simulated.</summary>
public sealed record UpliftHoldout(UpliftData Train, UpliftData Test, double[]? TestTrueEffects)
{
    /// <summary>A seeded split stratified by arm (<see cref="UpliftSplit"/>): the same seed and share give the same split.</summary>
    public static UpliftHoldout Create(UpliftData data, double[]? trueEffects, double testShare, int seed)
    {
        var (train, test) = UpliftSplit.Indices(data, testShare, seed);
        return new UpliftHoldout(UpliftSplit.Subset(data, train), UpliftSplit.Subset(data, test), trueEffects is null ? null : test.Select(i => trueEffects[i]).ToArray());
    }
}
