using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Bench;

/// <summary>The plain LINQ baseline: GroupBy arm, then Sum and Sum of squares per variable.</summary>
public static class LinqAggregation
{
    public static SufficientStatistics[] OneVariable(int[] arms, double[] values, int armCount)
    {
        var result = new SufficientStatistics[armCount];
        foreach (var g in Enumerable.Range(0, arms.Length).GroupBy(i => arms[i]))
            result[g.Key] = SufficientStatistics.FromSums(g.LongCount(), g.Sum(i => values[i]), g.Sum(i => values[i] * values[i]));
        return result;
    }

    public static SufficientStatistics[] TwoVariables(int[] arms, double[] x, double[] y, int armCount)
    {
        var result = new SufficientStatistics[armCount];
        foreach (var g in Enumerable.Range(0, arms.Length).GroupBy(i => arms[i]))
        {
            double sxy = g.Sum(i => x[i] * y[i]);
            result[g.Key] = SufficientStatistics.FromSums(g.LongCount(), [g.Sum(i => x[i]), g.Sum(i => y[i])],
                new double[,] { { g.Sum(i => x[i] * x[i]), sxy }, { sxy, g.Sum(i => y[i] * y[i]) } });
        }
        return result;
    }
}
