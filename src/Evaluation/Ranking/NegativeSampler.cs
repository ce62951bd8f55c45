namespace MarketLab.Evaluation.Ranking;

/// <summary>
/// The sampled protocol's candidates: <c>count</c> distinct items drawn uniformly from ids 1..itemCount that the user
/// has not interacted with (Kang &amp; McAuley, ICDM 2018, §IV-B: "we randomly sample 100 negative items, and rank
/// these items with the ground-truth item"). Krichene &amp; Rendle (KDD 2020) show such sampled metrics can order
/// models differently from full ranking, so report both.
/// </summary>
/// <remarks>
/// The SASRec reference code redraws an item only when it is in the user's history, so its 100 negatives may repeat;
/// here they are distinct (rejection against the history and the draws so far). With 23,715 Games items the difference
/// is a repeat in about one user in five and has no visible effect on the means.
/// </remarks>
public static class NegativeSampler
{
    /// <summary>Draws the negatives of one user with <paramref name="random"/> (seed it once per evaluation).</summary>
    /// <param name="itemCount">Items have ids 1..itemCount.</param>
    /// <param name="excluded">The user's items (history and held-out item), never drawn.</param>
    /// <param name="count">How many negatives (100 in the paper).</param>
    /// <param name="random">The seeded generator; draws advance it.</param>
    /// <exception cref="ArgumentException">Fewer than <paramref name="count"/> items remain after the exclusions.</exception>
    public static int[] Draw(int itemCount, IReadOnlySet<int> excluded, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(excluded);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int excludedInRange = excluded.Count(i => i >= 1 && i <= itemCount);
        if (itemCount - excludedInRange < count)
            throw new ArgumentException($"Only {itemCount - excludedInRange} of {itemCount} items are not the user's; cannot draw {count} distinct negatives.", nameof(count));
        var drawn = new HashSet<int>();
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            int item;
            do item = random.Next(1, itemCount + 1);
            while (excluded.Contains(item) || !drawn.Add(item));
            result[i] = item;
        }
        return result;
    }
}
