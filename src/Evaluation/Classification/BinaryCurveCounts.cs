using MarketLab.Evaluation.Curves;

namespace MarketLab.Evaluation.Classification;

/// <summary>
/// True and false positives (weighted if asked) at each distinct threshold: sklearn's
/// <c>_binary_clf_curve</c>, built on <see cref="ScoreRanking"/>.
/// </summary>
internal sealed class BinaryCurveCounts
{
    private BinaryCurveCounts(ScoreRanking ranking, double[] tps, double[] fps)
    {
        Ranking = ranking;
        TruePositives = tps;
        FalsePositives = fps;
    }

    public ScoreRanking Ranking { get; }
    public double[] TruePositives { get; }
    public double[] FalsePositives { get; }
    public double Positives => TruePositives[^1];
    public double Negatives => FalsePositives[^1];

    /// <summary>Checks (labels in {0,1}, finite scores, weights ≥ 0) and counts.</summary>
    public static BinaryCurveCounts Build(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> scores, ReadOnlySpan<double> sampleWeight,
        string scoresName = "scores")
    {
        InputCheck.NotEmpty(yTrue.Length, nameof(yTrue));
        InputCheck.SameLength(yTrue.Length, scores.Length, scoresName, nameof(yTrue));
        InputCheck.Binary(yTrue, nameof(yTrue));
        InputCheck.Finite(scores, scoresName);
        InputCheck.Weights(sampleWeight, yTrue.Length, nameof(sampleWeight), nameof(yTrue));

        var ranking = ScoreRanking.Create(scores);
        double[] tps, fps;
        if (sampleWeight.IsEmpty)
        {
            tps = ranking.Cumulate(yTrue);
            fps = ranking.CumulativeCounts();
        }
        else
        {
            tps = ranking.Cumulate(yTrue, sampleWeight);
            fps = ranking.Cumulate(sampleWeight);
        }
        for (int b = 0; b < fps.Length; b++) fps[b] -= tps[b];
        return new BinaryCurveCounts(ranking, tps, fps);
    }

    /// <summary>Both classes must carry positive weight for ROC/AUC (sklearn raises the same error).</summary>
    public void RequireBothClasses(string metric)
    {
        if (!(Positives > 0) || !(Negatives > 0))
            throw new ArgumentException(
                $"yTrue holds only one class (positives {Positives}, negatives {Negatives}); {metric} needs both of {{0, 1}}.", "yTrue");
    }
}
