namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// Seeded (train, validation) row-index splits: stratified by label for classification (each class is
/// shuffled and dealt round-robin to folds, as scikit-learn's StratifiedKFold keeps class shares), plain
/// shuffled for regression. Holdout takes the first <c>fraction</c> of each shuffled class.
/// </summary>
internal static class FoldSplitter
{
    public static IReadOnlyList<(int[] Train, int[] Validation)> Split(IReadOnlyList<string> strata, int folds, double holdoutFraction, int seed)
    {
        var random = new Random(seed);
        var groups = Enumerable.Range(0, strata.Count).GroupBy(i => strata[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(_ => random.Next()).ToArray()).ToArray();
        var fold = new int[strata.Count];
        if (folds >= 2)
        {
            var next = 0;
            foreach (var g in groups) foreach (var i in g) fold[i] = next++ % folds;
        }
        else
        {
            foreach (var g in groups)
            {
                var validation = Math.Max(1, (int)Math.Round(holdoutFraction * g.Length));
                for (var k = 0; k < g.Length; k++) fold[g[k]] = k < validation && g.Length > 1 ? 0 : 1;
            }
        }

        return Enumerable.Range(0, Math.Max(folds, 1))
            .Select(f => (Enumerable.Range(0, fold.Length).Where(i => fold[i] != f).ToArray(), Enumerable.Range(0, fold.Length).Where(i => fold[i] == f).ToArray()))
            .ToArray();
    }
}
