namespace MarketLab.Evaluation.Uplift;

/// <summary>
/// Score-sorted cumulative counts computed outside (a SQL engine's <c>SUM(…) OVER (ORDER BY score DESC)</c> over one
/// row per distinct score): at each distinct score, best first, the rows targeted so far, the treated among them, the
/// treated responders and all responders. The uplift metrics then need no row-level data; with the same counts they
/// equal <see cref="UpliftScores"/> and <see cref="UpliftCurves"/> on the rows (the same arithmetic runs).
/// </summary>
public sealed class CumulativeUpliftCounts
{
    private readonly UpliftCounts _counts;

    private CumulativeUpliftCounts(UpliftCounts counts) => _counts = counts;

    /// <summary>Checks the counts (non-decreasing, responders within rows, both arms present at the end) and wraps them.</summary>
    public static CumulativeUpliftCounts Create(IReadOnlyList<long> targeted, IReadOnlyList<long> treated,
        IReadOnlyList<long> treatedResponses, IReadOnlyList<long> responses)
    {
        ArgumentNullException.ThrowIfNull(targeted);
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(treatedResponses);
        ArgumentNullException.ThrowIfNull(responses);
        int m = targeted.Count;
        if (m == 0 || treated.Count != m || treatedResponses.Count != m || responses.Count != m)
            throw new ArgumentException($"Cumulative counts must be non-empty and of equal length; got {targeted.Count}, {treated.Count}, {treatedResponses.Count}, {responses.Count}.", nameof(targeted));
        long previous = 0;
        for (int b = 0; b < m; b++)
        {
            if (targeted[b] <= previous || targeted[b] > int.MaxValue)
                throw new ArgumentException($"targeted[{b}] = {targeted[b]} must increase from {previous} and stay within {int.MaxValue} rows.", nameof(targeted));
            if (treated[b] < 0 || treated[b] > targeted[b] || treatedResponses[b] < 0 || treatedResponses[b] > treated[b]
                || responses[b] < treatedResponses[b] || responses[b] - treatedResponses[b] > targeted[b] - treated[b])
                throw new ArgumentException($"Block {b}: treated {treated[b]}, treated responders {treatedResponses[b]} and responders {responses[b]} are inconsistent with {targeted[b]} rows.", nameof(treated));
            previous = targeted[b];
        }
        if (treated[m - 1] == 0 || treated[m - 1] == targeted[m - 1])
            throw new ArgumentException($"The counts hold {treated[m - 1]} treated of {targeted[m - 1]} rows; both arms of {{0, 1}} must be present.", nameof(treated));
        return new CumulativeUpliftCounts(UpliftCounts.FromCumulative(targeted.Select(x => (int)x).ToArray(),
            treated.Select(x => (double)x).ToArray(), treatedResponses.Select(x => (double)x).ToArray(), responses.Select(x => (double)x).ToArray()));
    }

    /// <summary>Number of distinct scores.</summary>
    public int Blocks => _counts.Blocks;

    /// <summary>Rows in total.</summary>
    public long Rows => _counts.BlockEnds[^1];

    /// <inheritdoc cref="UpliftScores.QiniCoefficient(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, GainNormalization, bool)"/>
    public double QiniCoefficient(GainNormalization normalization = GainNormalization.ScikitUplift, bool negativeEffect = true)
    {
        UpliftScores.CheckNormalization(normalization);
        return UpliftScores.QiniCoefficient(_counts, normalization, negativeEffect);
    }

    /// <inheritdoc cref="UpliftScores.UpliftAuc(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, GainNormalization)"/>
    public double UpliftAuc(GainNormalization normalization = GainNormalization.ScikitUplift)
    {
        UpliftScores.CheckNormalization(normalization);
        return UpliftScores.UpliftAuc(_counts, normalization);
    }

    /// <summary>The Qini curve (<see cref="UpliftCurves.QiniCurve"/>).</summary>
    public GainCurve QiniCurve() => UpliftCurves.Build(_counts, GainCurveKind.Qini);

    /// <summary>The uplift curve (<see cref="UpliftCurves.UpliftCurve"/>).</summary>
    public GainCurve UpliftCurve() => UpliftCurves.Build(_counts, GainCurveKind.Uplift);
}
