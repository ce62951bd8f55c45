using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Experiments.Recommendation.Segments;

/// <summary>Where the learned part of a user's segmentation features comes from.</summary>
public enum SegmentEmbeddings
{
    /// <summary>Behaviour (RFM-style) features only.</summary>
    None,

    /// <summary>SASRec's final hidden state over the user's sequence (<see cref="SasRecUserEmbeddings"/>), joined to the behaviour features.</summary>
    SasRec,
}

/// <summary>What <see cref="SegmentationWorkflow.Run"/> segments, and how.</summary>
/// <param name="Users">Per-user event sequences of a Taobao-format log.</param>
public sealed record SegmentationRequest(IReadOnlyList<UserSequence> Users)
{
    /// <summary>k, seed, top categories and the embedding's weight.</summary>
    public SegmentationOptions Segmentation { get; init; } = new();

    /// <summary>Behaviour features only (default) or joined by SASRec user embeddings.</summary>
    public SegmentEmbeddings Embeddings { get; init; } = SegmentEmbeddings.None;

    /// <summary>What SASRec's tokens are: categories by default (items are too sparse for 814 Taobao users, as in
    /// <see cref="Propensity.SequencePropensity"/>), or items / behaviour types.</summary>
    public SequenceTarget Target { get; init; } = SequenceTarget.Category;

    /// <summary>SASRec settings when <see cref="Embeddings"/> is <see cref="SegmentEmbeddings.SasRec"/> (the propensity task's: hidden 32, dropout 0.2, 30 epochs).</summary>
    public SasRecOptions SasRec { get; init; } = new() { Epochs = 30, Hidden = 32, Dropout = 0.2 };
}
