using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Training;

/// <summary>
/// Where a fine-tuned classifier's encoder starts: from scratch at a size (<see cref="Config"/>), or from a checkpoint
/// folder's encoder (<see cref="Checkpoint"/>: our pre-training output, an earlier fine-tuning, an imported model), with
/// that folder's vocabulary and tokenizer settings unless <see cref="VocabPath"/> overrides them.
/// </summary>
public sealed record BertStart
{
    /// <summary>Size of a model trained from scratch (its vocabulary size comes from the tokenizer).</summary>
    public BertConfig Config { get; init; } = BertConfig.Tiny;

    /// <summary>A checkpoint folder whose encoder starts training; null for scratch.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>A vocab.txt that overrides the checkpoint's (or the shared bert-base-uncased one for scratch).</summary>
    public string? VocabPath { get; init; }

    public static BertStart Scratch(BertConfig config, string? vocabPath = null) => new() { Config = config, VocabPath = vocabPath };

    public static BertStart FromCheckpoint(string folder, string? vocabPath = null) => new() { Checkpoint = folder, VocabPath = vocabPath };
}

/// <summary>A fine-tuned classifier with the tokenizer and labels it was trained with. Disposing frees the model.</summary>
public sealed record BertFitResult(BertForSequenceClassification Model, BertTextTokenizer Tokenizer, LabelSet Labels, BertTrainingResult Training) : IDisposable
{
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// The one BERT fine-tuning workflow: tokenizer for the start (<see cref="BertTextTokenizer.ForStart"/>), a seeded new
/// classifier or a checkpoint's encoder with a new head, then <see cref="BertClassifierTrainer"/>. <c>marketlab bert
/// train</c>, the <c>bert</c> spec candidate and the ML.NET estimators call it; each only reads its own input and reports.
/// </summary>
public static class BertFineTuning
{
    /// <summary>Fine-tunes on <paramref name="train"/>; the model is initialised with <c>training.Seed</c>.</summary>
    public static async Task<BertFitResult> FitAsync(BertStart start, LabelSet labels, IReadOnlyList<LabeledText> train, BertTrainingOptions training,
        Device? device = null, IProgress<BertTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(training);
        BertTextTokenizer tokenizer = BertTextTokenizer.ForStart(start.VocabPath, start.Checkpoint, training.MaxLength);
        BertForSequenceClassification model = start.Checkpoint is { } folder
            ? BertClassifierFactory.FromPretrained(folder, labels.Count, training.Seed, device, training.Pooling)
            : BertClassifierFactory.Create(start.Config with
            {
                VocabSize = tokenizer.Vocabulary.Count,
                MaxPositionEmbeddings = Math.Max(start.Config.MaxPositionEmbeddings, training.MaxLength),
                Pooling = training.Pooling,
            }, labels.Count, training.Seed, device);
        try
        {
            BertTrainingResult result = await new BertClassifierTrainer(training)
                .TrainAsync(model, tokenizer, labels, train, progress: progress, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new BertFitResult(model, tokenizer, labels, result);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
