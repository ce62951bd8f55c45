namespace MarketLab.Experiments.Uplift;

/// <summary>Seeded train/test split stratified by treatment arm, so both halves keep the experiment's treated share.</summary>
public static class UpliftSplit
{
    public static (UpliftData Train, UpliftData Test) Split(UpliftData data, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must lie strictly between 0 and 1.");
        var random = new Random(seed);
        var test = new bool[data.Count];
        foreach (bool arm in new[] { false, true })
        {
            var rows = Enumerable.Range(0, data.Count).Where(i => data.Treatment[i] == arm).ToArray();
            random.Shuffle(rows);
            int take = (int)Math.Round(rows.Length * testFraction);
            foreach (int i in rows.AsSpan(0, take)) test[i] = true;
        }
        return (Subset(data, i => !test[i]), Subset(data, i => test[i]));
    }

    private static UpliftData Subset(UpliftData data, Func<int, bool> keep)
    {
        var rows = Enumerable.Range(0, data.Count).Where(keep).ToArray();
        return UpliftData.FromArrays(rows.Select(i => data.Features[i]).ToArray(), rows.Select(i => data.Treatment[i]).ToArray(),
            rows.Select(i => data.Outcome[i]).ToArray());
    }
}
