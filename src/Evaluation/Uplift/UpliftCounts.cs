using MarketLab.Evaluation.Curves;

namespace MarketLab.Evaluation.Uplift;

/// <summary>
/// The validation preamble and cumulative arm counts shared by every uplift metric (one signature
/// <c>(yTrue, uplift, treatment)</c> as scikit-uplift's <c>sklift.metrics</c>), built on <see cref="ScoreRanking"/>.
/// </summary>
internal sealed class UpliftCounts
{
    private UpliftCounts(int[] blockEnds, double[] treated, double[] treatedResponses, double[] responses)
    {
        BlockEnds = blockEnds;
        Treated = treated;
        TreatedResponses = treatedResponses;
        Responses = responses;
    }

    /// <summary>Exclusive end of each block of equal scores in the ranking; the last is n.</summary>
    public int[] BlockEnds { get; }

    /// <summary>Treated rows up to each block end.</summary>
    public double[] Treated { get; }

    /// <summary>Treated rows with y = 1 up to each block end.</summary>
    public double[] TreatedResponses { get; }

    /// <summary>Rows with y = 1 (both arms) up to each block end.</summary>
    public double[] Responses { get; }

    public int Blocks => BlockEnds.Length;

    public double Targeted(int block) => BlockEnds[block];

    public double Control(int block) => BlockEnds[block] - Treated[block];

    public double ControlResponses(int block) => Responses[block] - TreatedResponses[block];

    /// <summary>Checks inputs, sorts by uplift once and cumulates the four arm counts.</summary>
    public static UpliftCounts Build(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment,
        bool descendingIndexInTies = false)
    {
        Check(yTrue, uplift, treatment);
        var ranking = ScoreRanking.Create(uplift, descendingIndexInTies);
        return new UpliftCounts(ranking.BlockEnds, ranking.Cumulate(treatment), ranking.Cumulate(yTrue, treatment), ranking.Cumulate(yTrue));
    }

    /// <summary>
    /// The counts of a ranking whose score depends on (y, t) only, as the perfect curves' scores do: one pass
    /// counting the four (y, t) groups, no sort. <paramref name="blocks"/> lists, best score first, the groups
    /// (index 2·y + t) sharing each score; empty blocks are dropped, as a sort would leave no block for an absent
    /// score. Inputs must be checked already. Equal to <see cref="Build"/> on those scores (sums of 0/1 are exact).
    /// </summary>
    public static UpliftCounts FromGroups(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> treatment, int[][] blocks) =>
        FromGroupCounts(GroupCounts(yTrue, treatment), blocks);

    /// <summary>Rows per (y, t) group, index 2·y + t.</summary>
    public static long[] GroupCounts(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> treatment)
    {
        var group = new long[4];
        for (int i = 0; i < yTrue.Length; i++) group[2 * (int)yTrue[i] + (int)treatment[i]]++;
        return group;
    }

    /// <summary>The (y, t) group sizes at the end of these counts (index 2·y + t).</summary>
    public long[] GroupTotals()
    {
        int last = Blocks - 1;
        long n = BlockEnds[last], nt = (long)Treated[last], yt = (long)TreatedResponses[last], y = (long)Responses[last];
        return [n - nt - (y - yt), nt - yt, y - yt, yt];
    }

    /// <summary>Counts already cumulated elsewhere (a SQL window function); checked by <see cref="CumulativeUpliftCounts"/>.</summary>
    public static UpliftCounts FromCumulative(int[] blockEnds, double[] treated, double[] treatedResponses, double[] responses) =>
        new(blockEnds, treated, treatedResponses, responses);

    /// <inheritdoc cref="FromGroups"/>
    public static UpliftCounts FromGroupCounts(long[] group, int[][] blocks)
    {
        var ends = new List<int>(blocks.Length);
        var treated = new List<double>(blocks.Length);
        var treatedResponses = new List<double>(blocks.Length);
        var responses = new List<double>(blocks.Length);
        long end = 0, nt = 0, yt = 0, y = 0;
        foreach (int[] block in blocks)
        {
            long size = 0;
            foreach (int g in block)
            {
                size += group[g];
                if ((g & 1) == 1) nt += group[g];
                if (g == 3) yt += group[g];
                if (g >= 2) y += group[g];
            }
            if (size == 0) continue;
            end += size;
            ends.Add((int)end);
            treated.Add(nt);
            treatedResponses.Add(yt);
            responses.Add(y);
        }
        return new UpliftCounts([.. ends], [.. treated], [.. treatedResponses], [.. responses]);
    }

    /// <summary>
    /// Non-empty, equal lengths, yTrue and treatment in {0, 1}, finite scores, both arms present; each failure
    /// names the parameter, index and allowed set.
    /// </summary>
    public static void Check(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment)
    {
        InputCheck.NotEmpty(yTrue.Length, nameof(yTrue));
        InputCheck.SameLength(yTrue.Length, uplift.Length, nameof(uplift), nameof(yTrue));
        CheckOutcomes(yTrue, treatment);
        InputCheck.Finite(uplift, nameof(uplift));
    }

    /// <summary>The preamble without scores (for baselines): non-empty, equal lengths, {0, 1}, both arms.</summary>
    public static void CheckOutcomes(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> treatment)
    {
        InputCheck.NotEmpty(yTrue.Length, nameof(yTrue));
        InputCheck.SameLength(yTrue.Length, treatment.Length, nameof(treatment), nameof(yTrue));
        InputCheck.Binary(yTrue, nameof(yTrue));
        CheckArms(treatment);
    }

    public static int CheckArms(ReadOnlySpan<double> treatment)
    {
        int treated = InputCheck.Binary(treatment, nameof(treatment));
        if (treated == 0)
            throw new ArgumentException("treatment has no row with value 1 (treated); both arms of {0, 1} must be present.", nameof(treatment));
        if (treated == treatment.Length)
            throw new ArgumentException("treatment has no row with value 0 (control); both arms of {0, 1} must be present.", nameof(treatment));
        return treated;
    }
}
