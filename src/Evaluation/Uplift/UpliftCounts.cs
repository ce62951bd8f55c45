using MarketLab.Evaluation.Curves;

namespace MarketLab.Evaluation.Uplift;

/// <summary>
/// The validation preamble and cumulative arm counts shared by every uplift metric (one signature
/// <c>(yTrue, uplift, treatment)</c> as scikit-uplift's <c>sklift.metrics</c>), built on <see cref="ScoreRanking"/>.
/// </summary>
internal sealed class UpliftCounts
{
    private UpliftCounts(ScoreRanking ranking, double[] treated, double[] treatedResponses, double[] responses)
    {
        Ranking = ranking;
        Treated = treated;
        TreatedResponses = treatedResponses;
        Responses = responses;
    }

    public ScoreRanking Ranking { get; }

    /// <summary>Treated rows up to each block end.</summary>
    public double[] Treated { get; }

    /// <summary>Treated rows with y = 1 up to each block end.</summary>
    public double[] TreatedResponses { get; }

    /// <summary>Rows with y = 1 (both arms) up to each block end.</summary>
    public double[] Responses { get; }

    public int Blocks => Ranking.Blocks;

    public double Targeted(int block) => Ranking.BlockEnds[block];

    public double Control(int block) => Ranking.BlockEnds[block] - Treated[block];

    public double ControlResponses(int block) => Responses[block] - TreatedResponses[block];

    /// <summary>Checks inputs, sorts by uplift once and cumulates the four arm counts.</summary>
    public static UpliftCounts Build(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> uplift, ReadOnlySpan<double> treatment,
        bool descendingIndexInTies = false)
    {
        Check(yTrue, uplift, treatment);
        var ranking = ScoreRanking.Create(uplift, descendingIndexInTies);
        return new UpliftCounts(ranking, ranking.Cumulate(treatment), ranking.Cumulate(yTrue, treatment), ranking.Cumulate(yTrue));
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
