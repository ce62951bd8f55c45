namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// Seeded (train, validation) row-index splits: stratified by label for classification (each class is
/// shuffled and dealt round-robin to folds, as scikit-learn's StratifiedKFold keeps class shares), plain
/// shuffled for regression. Holdout takes the first <c>fraction</c> of each shuffled class. With row groups
/// (<see cref="ValidationGroups"/>) whole groups are dealt instead, as scikit-learn's GroupKFold / GroupShuffleSplit
/// do: k-fold gives each group, largest first (ties in shuffled order), to the fold with the fewest rows so far;
/// holdout takes shuffled groups until the validation share is reached. Grouped splits are not stratified (with
/// thousands of groups the class shares come out close; a group holds rows of several labels anyway).
/// </summary>
internal static class FoldSplitter
{
    public static IReadOnlyList<(int[] Train, int[] Validation)> Split(IReadOnlyList<string> strata, int folds, double holdoutFraction, int seed,
        IReadOnlyList<int>? rowGroups = null)
    {
        if (rowGroups is not null) return SplitGroups(rowGroups, folds, holdoutFraction, seed);
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

        return Pairs(fold, folds);
    }

    private static IReadOnlyList<(int[] Train, int[] Validation)> SplitGroups(IReadOnlyList<int> groups, int folds, double holdoutFraction, int seed)
    {
        var random = new Random(seed);
        var members = Enumerable.Range(0, groups.Count).GroupBy(i => groups[i]).OrderBy(g => g.Key)
            .Select(g => g.ToArray()).OrderBy(_ => random.Next()).ToArray();
        var fold = new int[groups.Count];
        if (folds >= 2)
        {
            var rows = new int[folds];
            foreach (var g in members.OrderByDescending(g => g.Length)) // stable: equal sizes keep the shuffled order
            {
                var target = Array.IndexOf(rows, rows.Min());
                foreach (var i in g) fold[i] = target;
                rows[target] += g.Length;
            }
        }
        else
        {
            var wanted = Math.Max(1, (int)Math.Round(holdoutFraction * groups.Count));
            var taken = 0;
            foreach (var g in members)
            {
                var validation = taken < wanted && taken + g.Length < groups.Count; // training keeps at least one group
                foreach (var i in g) fold[i] = validation ? 0 : 1;
                if (validation) taken += g.Length;
            }
        }

        return Pairs(fold, folds);
    }

    private static IReadOnlyList<(int[] Train, int[] Validation)> Pairs(int[] fold, int folds) =>
        Enumerable.Range(0, Math.Max(folds, 1))
            .Select(f => (Enumerable.Range(0, fold.Length).Where(i => fold[i] != f).ToArray(), Enumerable.Range(0, fold.Length).Where(i => fold[i] == f).ToArray()))
            .ToArray();
}
