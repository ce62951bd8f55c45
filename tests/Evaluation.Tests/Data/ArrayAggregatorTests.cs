using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Evaluation.Tests.Data;

public class ArrayAggregatorTests
{
    private static (int[] Arms, double[][] Columns) Random(int seed, int n, int arms, int variables)
    {
        var random = new Random(seed);
        var a = new int[n];
        var columns = new double[variables][];
        for (int j = 0; j < variables; j++) columns[j] = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = random.Next(arms);
            for (int j = 0; j < variables; j++) columns[j][i] = Math.Round(random.NextDouble() * 50 - 10, 3);
        }
        return (a, columns);
    }

    private static void AssertMatchesAccumulator(int[] arms, double[][] columns, int armCount, SufficientStatistics[] actual)
    {
        for (int arm = 0; arm < armCount; arm++)
        {
            var expected = new MomentAccumulator(columns.Length);
            var unit = new double[columns.Length];
            for (int i = 0; i < arms.Length; i++)
            {
                if (arms[i] != arm) continue;
                for (int j = 0; j < unit.Length; j++) unit[j] = columns[j][i];
                expected.Add(unit);
            }
            SufficientStatistics e = expected.ToStatistics();
            Assert.Equal(e.Count, actual[arm].Count);
            for (int i = 0; i < columns.Length; i++)
            {
                Tolerance.Close(e.Sum(i), actual[arm].Sum(i), 1e-11);
                for (int j = i; j < columns.Length; j++) Tolerance.Close(e.SumOfProducts(i, j), actual[arm].SumOfProducts(i, j), 1e-11);
            }
        }
    }

    [Theory]
    [InlineData(1, 1001, 3)]
    [InlineData(2, 1003, 2)]
    [InlineData(3, 998, 3)]
    [InlineData(4, 501, 4)]
    public void MatchesRowByRowAccumulation(int variables, int n, int armCount)
    {
        var (arms, columns) = Random(variables * 17, n, armCount, variables);
        AssertMatchesAccumulator(arms, columns, armCount, ArrayAggregator.Aggregate(arms, armCount, columns));
    }

    [Fact]
    public void ChunksAddedTogetherEqualOnePass()
    {
        var (arms, columns) = Random(7, 10_007, 3, 2);
        SufficientStatistics[] whole = ArrayAggregator.Aggregate(arms, 3, columns[0], columns[1]);
        SufficientStatistics[] left = ArrayAggregator.Aggregate(arms.AsSpan(0, 4000), 3, columns[0].AsSpan(0, 4000), columns[1].AsSpan(0, 4000));
        SufficientStatistics[] right = ArrayAggregator.Aggregate(arms.AsSpan(4000), 3, columns[0].AsSpan(4000), columns[1].AsSpan(4000));
        for (int arm = 0; arm < 3; arm++)
        {
            SufficientStatistics merged = left[arm] + right[arm];
            Assert.Equal(whole[arm].Count, merged.Count);
            Tolerance.Close(whole[arm].SumOfProducts(0, 1), merged.SumOfProducts(0, 1), 1e-11);
            Tolerance.Close(whole[arm].Sum(1), merged.Sum(1), 1e-11);
        }
    }

    [Fact]
    public void ArmIndexOutOfRangeNamesTheRow()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ArrayAggregator.Aggregate([0, 1, 5, 0, 1], 2, [1.0, 2, 3, 4, 5]));
        Assert.Contains("Row 2", e.Message);
    }

    [Fact]
    public void NonFiniteValueNamesTheRow()
    {
        var e = Assert.Throws<ArgumentException>(() => ArrayAggregator.Aggregate([0, 1, 0, 1, 0], 2, [1.0, 2, 3, double.NaN, 5]));
        Assert.Contains("Row 3", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => ArrayAggregator.Aggregate([0, 1, 0], 2, [1.0, 2, 3], [1.0, double.PositiveInfinity, 0]));
        Assert.Contains("Row 1, variable 1", e2.Message);
    }

    [Fact]
    public void MismatchedLengthsAreRejected() =>
        Assert.Throws<ArgumentException>(() => ArrayAggregator.Aggregate([0, 1], 2, [1.0]));
}
