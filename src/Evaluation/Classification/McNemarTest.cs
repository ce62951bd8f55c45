using MarketLab.Evaluation.Curves;
using MarketLab.Evaluation.Distributions;

namespace MarketLab.Evaluation.Classification;

/// <summary>
/// McNemar's test (Psychometrika 12, 1947) for two classifiers on one test set, as recommended by Dietterich
/// (Neural Computation 10, 1998); formulas of statsmodels' <c>stats.contingency_tables.mcnemar</c>.
/// </summary>
public static class McNemarTest
{
    /// <summary>Tests from hard predictions: rows where exactly one of A, B matches <paramref name="yTrue"/>.</summary>
    public static McNemarResult Compare(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> predictionsA, ReadOnlySpan<double> predictionsB,
        McNemarMethod method = McNemarMethod.ExactBinomial)
    {
        InputCheck.NotEmpty(yTrue.Length, nameof(yTrue));
        InputCheck.SameLength(yTrue.Length, predictionsA.Length, nameof(predictionsA), nameof(yTrue));
        InputCheck.SameLength(yTrue.Length, predictionsB.Length, nameof(predictionsB), nameof(yTrue));
        InputCheck.Binary(yTrue, nameof(yTrue));
        InputCheck.Binary(predictionsA, nameof(predictionsA));
        InputCheck.Binary(predictionsB, nameof(predictionsB));
        long onlyA = 0, onlyB = 0;
        for (int i = 0; i < yTrue.Length; i++)
        {
            bool a = predictionsA[i] == yTrue[i], b = predictionsB[i] == yTrue[i];
            if (a && !b) onlyA++;
            else if (b && !a) onlyB++;
        }
        return FromCounts(onlyA, onlyB, method);
    }

    /// <summary>Tests from the discordant cells of the 2×2 table: b = only A correct, c = only B correct.</summary>
    public static McNemarResult FromCounts(long onlyACorrect, long onlyBCorrect, McNemarMethod method = McNemarMethod.ExactBinomial)
    {
        if (onlyACorrect < 0) throw new ArgumentOutOfRangeException(nameof(onlyACorrect), onlyACorrect, $"onlyACorrect is {onlyACorrect}; allowed values are counts >= 0.");
        if (onlyBCorrect < 0) throw new ArgumentOutOfRangeException(nameof(onlyBCorrect), onlyBCorrect, $"onlyBCorrect is {onlyBCorrect}; allowed values are counts >= 0.");
        if (!Enum.IsDefined(method))
            throw new ArgumentOutOfRangeException(nameof(method), method, $"method must be one of {string.Join(", ", Enum.GetNames<McNemarMethod>())}.");
        long b = onlyACorrect, c = onlyBCorrect, n = b + c;
        if (method == McNemarMethod.ExactBinomial)
        {
            long k = Math.Min(b, c);
            // P(X ≤ k), X ~ Binomial(n, ½) = I_{½}(n − k, k + 1) (regularized incomplete beta); k < n whenever n > 0.
            double cdf = n == 0 ? 1 : SpecialFunctions.BetaRegularized(n - k, k + 1, 0.5);
            return new McNemarResult(b, c, k, Math.Min(1, 2 * cdf), method);
        }
        if (n == 0) return new McNemarResult(b, c, 0, 1, method);
        double correction = method == McNemarMethod.ChiSquareCorrected ? 1 : 0;
        double d = Math.Abs(b - c) - correction;
        double statistic = d * d / n;
        return new McNemarResult(b, c, statistic, ChiSquared.Sf(statistic, 1), method);
    }
}
