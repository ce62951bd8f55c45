using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>The featurization chosen for a dataset: label handling per task and one plan per feature column.</summary>
/// <param name="Task">The prediction task (decides the label conversion).</param>
/// <param name="Label">The label column as given.</param>
/// <param name="LabelKind">The label's storage kind (Boolean, Numeric or Categorical text).</param>
/// <param name="Features">Feature columns in data order.</param>
public sealed record FeaturizationPlan(AutoMLTask Task, string Label, ColumnKind LabelKind, IReadOnlyList<ColumnPlan> Features)
{
    /// <summary>Column the trainers read the label from.</summary>
    public const string LabelColumn = "__Label";

    /// <summary>Column the trainers read features from.</summary>
    public const string FeaturesColumn = "__Features";

    /// <summary>When set, free-text columns become these sentence embeddings instead of TF-IDF n-grams.</summary>
    public Models.MLNet.SentenceEmbeddingOptions? TextEmbeddings { get; init; }

    /// <summary>With <see cref="TextEmbeddings"/>: free-text columns keep their TF-IDF n-grams and the embedding is added beside them.</summary>
    public bool EmbeddingsWithNgrams { get; init; }

    /// <summary>The encoder settings each free-text column is embedded with: <see cref="TextEmbeddings"/>, scaled to unit L2
    /// norm beside the n-grams (like each TF-IDF block); null without embeddings.</summary>
    public Models.MLNet.SentenceEmbeddingOptions? AppliedEmbeddings => TextEmbeddings is { } e && EmbeddingsWithNgrams ? e with { Normalize = true } : TextEmbeddings;

    /// <summary>True when a free-text column makes <see cref="FeaturizerSearchSpace.Text"/> worth tuning (n-grams, alone or beside embeddings).</summary>
    public bool HasText => (TextEmbeddings is null || EmbeddingsWithNgrams) && Features.Any(f => f.Kind == ColumnKind.Text);
}
