using MarketLab.Experiments.Bert.Runtime;

namespace MarketLab.Experiments.Recommendation.Bert4Rec;

/// <summary>
/// BERT4Rec settings (Sun et al., "BERT4Rec", CIKM 2019, §4.4: 2 layers, 2 heads, hidden 64, maximum length 50,
/// dropout 0.1, Adam lr 1e-4 in the paper; mask proportion ρ tuned per data set, 0.2 here by default).
/// </summary>
public sealed record Bert4RecOptions
{
    public int MaxLength { get; init => field = Positive(value, nameof(MaxLength)); } = 50;
    public int Hidden { get; init => field = Positive(value, nameof(Hidden)); } = 64;
    public int Layers { get; init => field = Positive(value, nameof(Layers)); } = 2;
    public int Heads { get; init => field = Positive(value, nameof(Heads)); } = 2;

    public double Dropout
    {
        get;
        init => field = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(Dropout), value, "Dropout must lie in [0, 1).");
    } = 0.1;

    /// <summary>Share ρ of the items masked in each training sequence, in (0, 1); at least one is always masked.</summary>
    public double MaskProbability
    {
        get;
        init => field = value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaskProbability), value, "MaskProbability must lie in (0, 1).");
    } = 0.2;

    public double LearningRate
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "LearningRate must be a positive number.");
    } = 1e-3;

    public int BatchSize { get; init => field = Positive(value, nameof(BatchSize)); } = 128;
    public int Epochs { get; init => field = Positive(value, nameof(Epochs)); } = 40;
    public int Seed { get; init; }
    public TorchRuntimeOptions Runtime { get; init; } = TorchRuntimeOptions.Default;

    /// <summary>Folder for a checkpoint after every epoch (bert4rec*.safetensors, bert4rec-state.json); a rerun resumes from it.</summary>
    public string? CheckpointDirectory { get; init; }

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
}
