namespace MarketLab.Experiments.Bert.Inference;

/// <summary>Per-text class probabilities of a classifier, labels in logit order; <see cref="Predicted"/> is each row's most probable label.</summary>
public sealed record BertPredictions(IReadOnlyList<string> Labels, IReadOnlyList<float[]> Probabilities, string Backend)
{
    public IReadOnlyList<string> Predicted { get; } = Probabilities.Select(p => Labels[ArgMax(p)]).ToArray();

    private static int ArgMax(float[] p)
    {
        int best = 0;
        for (int i = 1; i < p.Length; i++)
        {
            if (p[i] > p[best]) best = i;
        }

        return best;
    }
}
