namespace MarketLab.Experiments.Data;

/// <summary>
/// Seeded train/test row split stratified by a key (a class label, a treatment arm), so both parts keep
/// the strata's shares.
/// </summary>
internal static class StratifiedSplit
{
    /// <summary>
    /// Shuffles each stratum's rows (strata in the given order, one seeded <see cref="Random"/>) and sends
    /// round-half-away-from-zero(<paramref name="testShare"/> × size) of them to the test part, at least one
    /// and at most size − 1 when the stratum has two rows or more. Both parts list row indices ascending.
    /// </summary>
    public static (int[] Train, int[] Test) Indices<TKey>(IReadOnlyList<TKey> keys, IEnumerable<TKey> strata, double testShare, int seed)
    {
        var random = new Random(seed);
        var comparer = EqualityComparer<TKey>.Default;
        var isTest = new bool[keys.Count];
        foreach (TKey stratum in strata)
        {
            var rows = Enumerable.Range(0, keys.Count).Where(i => comparer.Equals(keys[i], stratum)).ToArray();
            random.Shuffle(rows);
            int take = (int)Math.Round(testShare * rows.Length, MidpointRounding.AwayFromZero);
            if (rows.Length >= 2) take = Math.Clamp(take, 1, rows.Length - 1);
            foreach (int i in rows.AsSpan(0, Math.Min(take, rows.Length))) isTest[i] = true;
        }
        var all = Enumerable.Range(0, keys.Count);
        return (all.Where(i => !isTest[i]).ToArray(), all.Where(i => isTest[i]).ToArray());
    }
}
