namespace MarketLab.Evaluation.Ranking;

/// <summary>
/// Beyond-accuracy measures of the top-k lists a recommender shows: how much of the catalogue it uses and how popular
/// what it shows is.
/// </summary>
public static class CatalogMetrics
{
    /// <summary>
    /// Catalogue coverage: distinct items appearing in at least one list, divided by the catalogue size
    /// (Ge, Delgado-Battenfeld &amp; Jannach, RecSys 2010, "prediction coverage" of the recommended lists).
    /// </summary>
    /// <param name="lists">Each user's top-k item ids (ids 1..catalogSize).</param>
    /// <param name="catalogSize">Number of recommendable items.</param>
    public static double Coverage(IEnumerable<IReadOnlyList<int>> lists, int catalogSize)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfLessThan(catalogSize, 1);
        var seen = new HashSet<int>();
        foreach (var list in lists)
            foreach (int item in list)
            {
                if (item < 1 || item > catalogSize) throw new ArgumentOutOfRangeException(nameof(lists), item, $"Item ids must lie in 1..{catalogSize}.");
                seen.Add(item);
            }
        return seen.Count / (double)catalogSize;
    }

    /// <summary>
    /// Popularity bias as the average recommendation popularity (ARP, Abdollahpouri, Burke &amp; Mobasher, FLAIRS 2019,
    /// eq. 5): the mean over users of the mean training popularity of the items in their list; popularity is the
    /// share of training interactions, so a list of the single most popular item scores its share.
    /// </summary>
    /// <param name="lists">Each user's top-k item ids; an empty list is an error.</param>
    /// <param name="interactions">Training interactions per item id (index 0 unused), ≥ 0, not all zero.</param>
    public static double AveragePopularity(IReadOnlyList<IReadOnlyList<int>> lists, IReadOnlyList<double> interactions)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(interactions);
        if (lists.Count == 0) throw new ArgumentException("No lists; popularity bias needs at least one user.", nameof(lists));
        double total = 0;
        for (int i = 0; i < interactions.Count; i++)
        {
            if (!(interactions[i] >= 0) || double.IsInfinity(interactions[i]))
                throw new ArgumentOutOfRangeException(nameof(interactions), interactions[i], $"interactions[{i}] must be a finite count ≥ 0.");
            total += interactions[i];
        }
        if (total <= 0) throw new ArgumentException("Every item has zero training interactions; popularity is undefined.", nameof(interactions));
        double sum = 0;
        for (int u = 0; u < lists.Count; u++)
        {
            var list = lists[u];
            if (list.Count == 0) throw new ArgumentException($"lists[{u}] is empty.", nameof(lists));
            double listSum = 0;
            foreach (int item in list)
            {
                if (item < 1 || item >= interactions.Count) throw new ArgumentOutOfRangeException(nameof(lists), item, $"Item ids must lie in 1..{interactions.Count - 1}.");
                listSum += interactions[item] / total;
            }
            sum += listSum / list.Count;
        }
        return sum / lists.Count;
    }
}
