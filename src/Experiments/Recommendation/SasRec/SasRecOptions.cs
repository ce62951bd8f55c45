using MarketLab.Experiments.Bert.Runtime;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>
/// SASRec settings; defaults are Kang &amp; McAuley's for Amazon Games (ICDM 2018, §IV-C, and the README of
/// kang205/SASRec): maximum length 50, hidden size 50, 2 blocks, 1 head, dropout 0.5, Adam lr 1e-3 (β₂ 0.98), batch
/// 128. The paper trains 200 epochs; on two CPU cores the default here is fewer (see docs/recommendation.md).
/// </summary>
public sealed record SasRecOptions
{
    public int MaxLength { get; init => field = Positive(value, nameof(MaxLength)); } = 50;
    public int Hidden { get; init => field = Positive(value, nameof(Hidden)); } = 50;
    public int Blocks { get; init => field = Positive(value, nameof(Blocks)); } = 2;
    public int Heads { get; init => field = Positive(value, nameof(Heads)); } = 1;

    /// <summary>Dropout on embeddings, attention weights and the feed-forward network, in [0, 1).</summary>
    public double Dropout
    {
        get;
        init => field = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(Dropout), value, "Dropout must lie in [0, 1).");
    } = 0.5;

    public double LearningRate
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "LearningRate must be a positive number.");
    } = 1e-3;

    public int BatchSize { get; init => field = Positive(value, nameof(BatchSize)); } = 128;

    /// <summary>
    /// Decoupled weight decay (AdamW, Loshchilov &amp; Hutter 2019) on every weight but biases and LayerNorms; 0 (the
    /// paper's Adam, default) leaves the update bit for bit as before.
    /// </summary>
    public double WeightDecay
    {
        get;
        init => field = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(WeightDecay), value, "WeightDecay must be >= 0.");
    }

    /// <summary>The objective: <see cref="SasRecLoss.Bce"/> (the paper's, default), the full-softmax <see cref="SasRecLoss.Ce"/> or <see cref="SasRecLoss.SampledCe"/>.</summary>
    public SasRecLoss Loss
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Loss), value, "Loss must be Bce, Ce or SampledCe.");
    } = SasRecLoss.Bce;

    /// <summary>Negatives per batch under <see cref="SasRecLoss.SampledCe"/> (ignored by the other losses).</summary>
    public int TrainingNegatives { get; init => field = Positive(value, nameof(TrainingNegatives)); } = 256;
    public int Epochs { get; init => field = Positive(value, nameof(Epochs)); } = 40;

    /// <summary>Side embeddings added to each input event (opt-in; <see cref="SasRecSide.None"/>, the default, is the paper's model).</summary>
    public SasRecSide Side
    {
        get;
        init => field = (value & ~(SasRecSide.Category | SasRecSide.Behaviour)) == 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(Side), value, $"Side must be {SasRecSideSyntax.Valid}.");
    }

    /// <summary>Seeds initialisation, dropout, shuffling and negative sampling.</summary>
    public int Seed { get; init; }

    /// <summary>Device and threads (CPU, CUDA or automatic).</summary>
    public TorchRuntimeOptions Runtime { get; init; } = TorchRuntimeOptions.Default;

    /// <summary>A folder for the checkpoint written after every epoch; the run resumes from it when it holds one.</summary>
    public string? CheckpointDirectory { get; init; }

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
}
