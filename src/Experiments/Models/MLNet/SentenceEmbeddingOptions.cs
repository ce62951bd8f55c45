namespace MarketLab.Experiments.Models.MLNet;

/// <summary>Settings of the sentence-embedding transform; validated by <see cref="Validate"/>.</summary>
public sealed record SentenceEmbeddingOptions
{
    /// <summary>A catalogued model name (installed on first use, see <see cref="PretrainedModels"/>) or a model folder.</summary>
    public string Model { get; init; } = PretrainedModels.AllMiniLmL6V2.Name;

    /// <summary>The text column read.</summary>
    public string InputColumnName { get; init; } = "Text";

    /// <summary>The vector column written (Single, the encoder's hidden size).</summary>
    public string OutputColumnName { get; init; } = "Embedding";

    /// <summary>Mean over the attention mask (all-MiniLM-L6-v2's pooling, the default) or the [CLS] vector.</summary>
    public EmbeddingPooling Pooling { get; init; } = EmbeddingPooling.Mean;

    /// <summary>Scale each vector to unit L2 norm.</summary>
    public bool Normalize { get; init; }

    /// <summary>Texts longer than this many tokens are truncated.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Texts per encoder batch.</summary>
    public int BatchSize { get; init; } = 32;

    public SentenceEmbeddingOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Model)) throw new ArgumentException("Model must name a catalogued model or a model folder.", nameof(Model));
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new ArgumentException("InputColumnName is empty.", nameof(InputColumnName));
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName is empty.", nameof(OutputColumnName));
        if (!Enum.IsDefined(Pooling)) throw new ArgumentOutOfRangeException(nameof(Pooling), Pooling, $"Pooling must be one of {string.Join(", ", Enum.GetNames<EmbeddingPooling>())}.");
        if (MaxLength < 3) throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, $"MaxLength must be at least 3 ([CLS] text [SEP]); got {MaxLength}.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"BatchSize must be at least 1; got {BatchSize}.");
        return this;
    }

    /// <summary>These settings with a folder <see cref="Model"/> made absolute (a catalogued name stays as it is), for a
    /// model file or another process that resolves the model from elsewhere.</summary>
    public SentenceEmbeddingOptions WithAbsoluteModel() => Directory.Exists(Model) ? this with { Model = Path.GetFullPath(Model) } : this;

    /// <summary>The model folder: <see cref="Model"/> itself when it is a folder, else the catalogued model installed (downloaded on first use).</summary>
    internal string ResolveFolder() =>
        Directory.Exists(Model) ? Path.GetFullPath(Model) : PretrainedModelStore.Get(PretrainedModels.Find(Model)).Directory;
}
