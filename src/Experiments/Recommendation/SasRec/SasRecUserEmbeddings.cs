using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>
/// Learned user embeddings from SASRec, shared by purchase propensity and user segments: SASRec is trained
/// (<see cref="SasRecTrainer.Train"/>, leave-one-out over <c>training</c>) and each user of <c>embedded</c> is the final
/// hidden state over their whole sequence (<see cref="SasRecRecommender.Embed"/>), items unseen in training mapped to the
/// rare id.
/// </summary>
public static class SasRecUserEmbeddings
{
    /// <summary>Trains on <paramref name="training"/> and embeds every sequence of <paramref name="embedded"/>, in order.</summary>
    /// <param name="training">The sequences SASRec learns from (already retargeted, e.g. to categories).</param>
    /// <param name="embedded">The sequences to embed (may include users not in <paramref name="training"/>).</param>
    /// <param name="options">SASRec settings; the embedding length is <see cref="SasRecOptions.Hidden"/>.</param>
    /// <param name="log">Training progress lines.</param>
    /// <returns>The split SASRec trained on, the model, and one embedding per embedded sequence.</returns>
    public static (LeaveOneOutSplit Split, SasRecRecommender Model, float[][] Embeddings) Fit(IReadOnlyList<UserSequence> training,
        IReadOnlyList<UserSequence> embedded, SasRecOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(embedded);
        var split = LeaveOneOutSplit.Create(training, 1, ItemCatalog.TrainingItems);
        var model = SasRecTrainer.Train(split, options, log: log);
        var histories = embedded.Select(s => s.Events.Select(e => split.Vocabulary.IdOf(e.Item)).ToArray()).ToArray();
        return (split, model, model.Embed(histories, model.NeedsEvents ? embedded.Select(s => s.Events).ToArray() : null));
    }
}
