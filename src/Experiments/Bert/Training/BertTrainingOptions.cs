using MarketLab.Experiments.Bert.Modeling;

namespace MarketLab.Experiments.Bert.Training;

/// <summary>
/// Fine-tuning settings, validated once by <see cref="Validate"/>. Defaults follow Devlin et al. 2019 (appendix A.3)
/// and transformers' Trainer, with a higher rate suited to the compact models of Turc et al. 2019.
/// </summary>
public sealed record BertTrainingOptions
{
    public int Epochs { get; init; } = 3;

    public int BatchSize { get; init; } = 32;

    /// <summary>Micro-batches whose gradients add up before one optimizer step (effective batch = BatchSize x this).</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    public double LearningRate { get; init; } = 1e-4;

    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Share of all optimizer steps spent warming up linearly from 0.</summary>
    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>Global L2 norm the gradients are clipped to; null turns clipping off.</summary>
    public double? MaxGradNorm { get; init; } = 1.0;

    /// <summary>Per-label loss weights (missing labels weigh 1); null: unweighted. See <see cref="BalancedClassWeights"/>.</summary>
    public IReadOnlyDictionary<string, double>? ClassWeights { get; init; }

    /// <summary>Weights n / (k * n_c) from the training labels (sklearn's "balanced"); overrides <see cref="ClassWeights"/>.</summary>
    public bool BalancedClassWeights { get; init; }

    /// <summary>Stop after this many epochs without a better validation accuracy (best weights restored); null: never.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Share of the training rows held out for validation when no validation set is given (0: none).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    public int MaxLength { get; init; } = 128;

    /// <summary>
    /// Keep <c>bert.embeddings.word_embeddings.weight</c> fixed. On a small labelled set fine-tuning moves only the
    /// embeddings of words the training rows contain, pulling them away from the unseen words a pre-trained model placed
    /// beside them; freezing keeps that neighbourhood for test words (the low-resource advice of Howard &amp; Ruder 2018,
    /// ULMFiT, section 3.2, in its simplest form). Meant for a pre-trained start: frozen random embeddings carry nothing.
    /// </summary>
    public bool FreezeWordEmbeddings { get; init; }

    /// <summary>
    /// What the new classifier's head reads: [CLS] through the pooler (default) or the attention-masked mean of the token
    /// vectors (as sentence encoders were trained). Saved in the checkpoint's config.json (classifier_pooling).
    /// </summary>
    public ClassifierPooling Pooling { get; init; } = ClassifierPooling.Cls;

    public int Seed { get; init; } = 42;

    /// <summary>Folder for the per-epoch checkpoint (weights, optimizer, state JSON); null: none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Continue from <see cref="CheckpointDirectory"/> when it holds a checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>Stop after this many epochs of this call (the schedule still spans <see cref="Epochs"/>): interrupting on purpose.</summary>
    public int? StopAfterEpochs { get; init; }

    public BertTrainingOptions Validate()
    {
        static void AtLeast(int value, int min, string name)
        {
            if (value < min) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {min}; got {value}.");
        }

        AtLeast(Epochs, 1, nameof(Epochs));
        AtLeast(BatchSize, 1, nameof(BatchSize));
        AtLeast(GradientAccumulationSteps, 1, nameof(GradientAccumulationSteps));
        AtLeast(MaxLength, 3, nameof(MaxLength));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"LearningRate must be positive and finite; got {LearningRate}.");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, $"WeightDecay must be >= 0; got {WeightDecay}.");
        if (WarmupFraction is < 0 or > 1 || double.IsNaN(WarmupFraction)) throw new ArgumentOutOfRangeException(nameof(WarmupFraction), WarmupFraction, $"WarmupFraction must be in [0, 1]; got {WarmupFraction}.");
        if (MaxGradNorm is double norm && !(norm > 0)) throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), norm, $"MaxGradNorm must be positive (or null for no clipping); got {norm}.");
        if (ValidationFraction is < 0 or >= 1 || double.IsNaN(ValidationFraction)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, $"ValidationFraction must be in [0, 1); got {ValidationFraction}.");
        if (EarlyStoppingPatience is int patience) AtLeast(patience, 1, nameof(EarlyStoppingPatience));
        if (StopAfterEpochs is int stop) AtLeast(stop, 1, nameof(StopAfterEpochs));
        if (Resume && CheckpointDirectory is null) throw new ArgumentException("Resume needs a CheckpointDirectory.", nameof(Resume));
        if (ClassWeights is not null)
        {
            foreach ((string label, double w) in ClassWeights)
            {
                if (!(w > 0) || double.IsInfinity(w)) throw new ArgumentOutOfRangeException(nameof(ClassWeights), w, $"Class weight for '{label}' must be positive and finite; got {w}.");
            }
        }

        return this;
    }
}
