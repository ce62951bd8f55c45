using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation;

/// <summary>
/// PopRec: every user gets the items ranked by their number of training interactions (the "PopRec" baseline of
/// Kang &amp; McAuley 2018, Table III). Equal counts tie; the metrics handle ties explicitly.
/// </summary>
public sealed class PopularityRecommender : ISequenceRecommender
{
    private readonly float[] counts;

    private PopularityRecommender(float[] counts) => this.counts = counts;

    public string Name => "Popularity";

    /// <summary>Training interactions per id (index 0 and the rare id are 0).</summary>
    public IReadOnlyList<float> Counts => counts;

    /// <summary>Counts the training items of every user.</summary>
    public static PopularityRecommender Fit(LeaveOneOutSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var counts = new float[split.Vocabulary.Size];
        foreach (var user in split.Users)
            foreach (int id in user.Train)
                if (split.Vocabulary.IsKnown(id)) counts[id]++;
        return new PopularityRecommender(counts);
    }

    public void Score(IReadOnlyList<int[]> histories, float[][] scores)
    {
        for (int u = 0; u < histories.Count; u++) counts.CopyTo(scores[u], 0);
    }
}
