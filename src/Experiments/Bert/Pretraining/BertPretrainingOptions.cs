using MarketLab.Experiments.Bert.Modeling;

namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>What pre-training optimises.</summary>
public enum PretrainingObjective
{
    /// <summary>BERT's masked language model (Devlin et al. 2019).</summary>
    MaskedLM,

    /// <summary>ELECTRA's replaced-token detection with a small MLM generator (Clark et al. 2020); see <see cref="ElectraForPreTraining"/>.</summary>
    Electra,
}

/// <summary>The objectives' names in specs (<c>pretrain_objective</c>) and on the command line (<c>--objective</c>).</summary>
public static class PretrainingObjectives
{
    public const string Names = "mlm (BERT's masked language model) or electra (replaced-token detection, Clark et al. 2020)";

    /// <summary>The objective called <paramref name="name"/>, or null for an unknown name.</summary>
    public static PretrainingObjective? Parse(string name) => name switch
    {
        "mlm" => PretrainingObjective.MaskedLM,
        "electra" => PretrainingObjective.Electra,
        _ => null,
    };
}

/// <summary>Masked-LM pre-training settings; <see cref="Config"/>'s VocabSize is replaced by the vocabulary's size.</summary>
public sealed record BertPretrainingOptions
{
    public BertConfig Config { get; init; } = BertConfig.Tiny;

    public int Steps { get; init; } = 1000;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 5e-4;

    public double WeightDecay { get; init; } = 0.01;

    public double WarmupFraction { get; init; } = 0.06;

    public double? MaxGradNorm { get; init; } = 1.0;

    public double MaskProbability { get; init; } = 0.15;

    public bool WholeWordMasking { get; init; }

    public PretrainingObjective Objective { get; init; } = PretrainingObjective.MaskedLM;

    /// <summary>ELECTRA's λ: the weight of the discriminator loss against the generator's MLM loss (50 in the paper).</summary>
    public double DiscriminatorWeight { get; init; } = 50;

    public int MaxLength { get; init; } = 128;

    public int Seed { get; init; } = 42;

    /// <summary>
    /// A checkpoint folder (config.json, vocab.txt, model.safetensors) whose weights start the run instead of a random
    /// initialisation: continued, domain-adaptive pre-training (Gururangan et al. 2020, "Don't Stop Pretraining"). Its
    /// config replaces <see cref="Config"/>; see <see cref="BertPretrainer.LoadInitialWeights"/> for which tensors load.
    /// </summary>
    public string? InitialCheckpoint { get; init; }

    /// <summary>Continue a run that was cancelled (its output folder holds <see cref="BertPretrainer.StateFile"/>).</summary>
    public bool Resume { get; init; }

    public BertPretrainingOptions Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, $"Steps must be at least 1; got {Steps}.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"BatchSize must be at least 1; got {BatchSize}.");
        if (MaxLength < 3) throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, $"MaxLength must be at least 3; got {MaxLength}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"LearningRate must be positive and finite; got {LearningRate}.");
        if (MaskProbability is <= 0 or >= 1 || double.IsNaN(MaskProbability)) throw new ArgumentOutOfRangeException(nameof(MaskProbability), MaskProbability, $"MaskProbability must be in (0, 1); got {MaskProbability}.");
        if (WarmupFraction is < 0 or > 1 || double.IsNaN(WarmupFraction)) throw new ArgumentOutOfRangeException(nameof(WarmupFraction), WarmupFraction, $"WarmupFraction must be in [0, 1]; got {WarmupFraction}.");
        if (MaxGradNorm is double norm && !(norm > 0)) throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), norm, $"MaxGradNorm must be positive or null; got {norm}.");
        Config.Validate();
        return this;
    }
}
