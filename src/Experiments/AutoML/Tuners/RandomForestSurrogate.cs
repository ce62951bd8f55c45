using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>
/// The random-forest regressor SMAC uses as surrogate (Hutter, Hoos &amp; Leyton-Brown, LION 2011, §4.1;
/// as in SMAC3: 10 bootstrap trees, 5/6 of the features tried per split; unlike SMAC3's leaves of at least 3
/// points, trees grow to single points, which with tens of observations kept EI from going flat on Branin).
/// Predicts a mean and a variance: the law of total variance over
/// trees, Var = mean of leaf variances + variance of tree means, so the spread between trees (and inside
/// leaves) is the model's uncertainty.
/// </summary>
internal sealed class RandomForestSurrogate
{
    private const int MinSplit = 2, MinLeaf = 1;
    private const double FeatureRatio = 5.0 / 6;
    private readonly Node[] _trees;

    private RandomForestSurrogate(Node[] trees) => _trees = trees;

    public static RandomForestSurrogate Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int trees, Random random)
    {
        var forest = new Node[trees];
        for (var t = 0; t < trees; t++)
        {
            var sample = new int[x.Count];
            for (var i = 0; i < sample.Length; i++) sample[i] = random.Next(x.Count);
            forest[t] = Grow(x, y, sample, random);
        }

        return new RandomForestSurrogate(forest);
    }

    public (double Mean, double Variance) Predict(ReadOnlySpan<double> point)
    {
        double sumMean = 0, sumMeanSq = 0, sumVar = 0;
        foreach (var tree in _trees)
        {
            var leaf = tree;
            while (leaf.Left is not null) leaf = point[leaf.Feature] <= leaf.Threshold ? leaf.Left : leaf.Right!;
            sumMean += leaf.Mean;
            sumMeanSq += leaf.Mean * leaf.Mean;
            sumVar += leaf.Variance;
        }

        var n = _trees.Length;
        var mean = sumMean / n;
        return (mean, Math.Max(0, sumMeanSq / n - mean * mean) + sumVar / n);
    }

    private static Node Grow(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int[] rows, Random random)
    {
        var mean = rows.Average(r => y[r]);
        var variance = rows.Average(r => (y[r] - mean) * (y[r] - mean));
        var node = new Node { Mean = mean, Variance = variance };
        if (rows.Length < MinSplit || variance <= 0) return node;

        var d = x[0].Length;
        var features = Enumerable.Range(0, d).OrderBy(_ => random.Next()).Take(Math.Max(1, (int)Math.Ceiling(FeatureRatio * d)));
        var bestScore = double.PositiveInfinity;
        foreach (var f in features)
        {
            var sorted = rows.OrderBy(r => x[r][f]).ToArray();
            double leftSum = 0, leftSq = 0, totalSum = 0, totalSq = 0;
            foreach (var r in sorted) { totalSum += y[r]; totalSq += y[r] * y[r]; }
            for (var i = 0; i < sorted.Length - 1; i++)
            {
                leftSum += y[sorted[i]];
                leftSq += y[sorted[i]] * y[sorted[i]];
                int nl = i + 1, nr = sorted.Length - nl;
                var (a, b) = (x[sorted[i]][f], x[sorted[i + 1]][f]);
                if (nl < MinLeaf || nr < MinLeaf || a == b) continue;
                // Sum of squared errors of both children, the CART regression criterion.
                var rightSum = totalSum - leftSum;
                var sse = leftSq - leftSum * leftSum / nl + (totalSq - leftSq) - rightSum * rightSum / nr;
                if (sse < bestScore) (bestScore, node.Feature, node.Threshold) = (sse, f, 0.5 * (a + b));
            }
        }

        if (double.IsPositiveInfinity(bestScore)) return node;
        node.Left = Grow(x, y, rows.Where(r => x[r][node.Feature] <= node.Threshold).ToArray(), random);
        node.Right = Grow(x, y, rows.Where(r => x[r][node.Feature] > node.Threshold).ToArray(), random);
        return node;
    }

    private sealed class Node
    {
        public int Feature;
        public double Threshold, Mean, Variance;
        public Node? Left, Right;
    }
}
