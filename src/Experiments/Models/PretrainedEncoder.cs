using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Models;

/// <summary>
/// A pretrained encoder from a model-cache folder, run by our TorchSharp <see cref="BertModel"/>: last hidden states
/// and sentence embeddings: mean-pooled (the average of token vectors weighted by the attention mask, as
/// sentence-transformers' Pooling(mode="mean") computes it) or the [CLS] vector, optionally L2-normalised.
/// </summary>
public sealed class PretrainedEncoder : ISentenceEncoder
{
    private readonly BertModel model;
    private readonly Device device;

    private PretrainedEncoder(BertCheckpoint checkpoint, BertModel model, Device device, int maxLength, IReadOnlyList<string> ignored, bool hasPooler)
    {
        Checkpoint = checkpoint;
        IgnoredTensors = ignored;
        HasPooler = hasPooler;
        this.model = model;
        this.device = device;
        Tokenizer = checkpoint.LoadTokenizer(maxLength);
    }

    public BertCheckpoint Checkpoint { get; }

    public BertTextTokenizer Tokenizer { get; }

    public int HiddenSize => Checkpoint.Config.HiddenSize;

    /// <summary>The TorchSharp encoder (exported to ONNX by <see cref="OnnxSentenceEncoder"/>).</summary>
    internal BertModel Model => model;

    /// <summary>True when the weights carried the pooler (dense + tanh on [CLS]); <see cref="PoolerOutput"/> needs it.</summary>
    public bool HasPooler { get; }

    /// <summary>Tensors of the weights file left out on purpose (pre-training or task heads, the position_ids buffer), by their names in the file.</summary>
    public IReadOnlyList<string> IgnoredTensors { get; }

    /// <summary>
    /// Loads a model folder: one written by <see cref="PretrainedModelStore"/>, or a Hugging Face folder (config.json,
    /// vocab.txt or tokenizer.json, and model.safetensors, sharded safetensors or pytorch_model.bin; see
    /// <see cref="BertCheckpoint"/>). Every encoder tensor must be present with the shape config.json implies; the pooler
    /// may be absent (exports such as arctic-embed do not carry it; embeddings never use it) but not half present;
    /// pre-training and task heads (<c>cls.*</c>, <c>classifier.*</c>) and the <c>position_ids</c> buffer are ignored
    /// and listed in <see cref="IgnoredTensors"/>; any other tensor is an error naming it and its file.
    /// </summary>
    public static PretrainedEncoder Load(string directory, int maxLength = 256, Device? device = null)
    {
        BertCheckpoint checkpoint = BertCheckpoint.Open(directory);
        device ??= CPU;
        var model = new BertModel(checkpoint.Config);
        PartialLoad load;
        try
        {
            load = StateDictLoader.LoadPartial(model, checkpoint.WeightsPath,
                take: _ => true,
                required: k => !k.StartsWith("pooler.", StringComparison.Ordinal),
                ignorable: IsHeadOrBuffer);
        }
        catch
        {
            model.Dispose();
            throw;
        }

        model.eval();
        return new PretrainedEncoder(checkpoint, device.type == DeviceType.CPU ? model : model.to(device), device, maxLength, load.Ignored,
            hasPooler: !load.Kept.Any(k => k.StartsWith("pooler.", StringComparison.Ordinal)));
    }

    // Keys as CanonicalKey leaves them for a bare BertModel (no bert. prefix).
    internal static bool IsHeadOrBuffer(string key) =>
        key.StartsWith("cls.", StringComparison.Ordinal) || key.StartsWith("classifier.", StringComparison.Ordinal) || key == "embeddings.position_ids";

    /// <summary>Last hidden states [batch, seq, hidden] of a padded batch (on the CPU; the caller disposes).</summary>
    public Tensor LastHiddenState(BertBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var tensors = new BertBatchTensors(batch, device);
        return model.Encode(tensors.InputIds, tensors.TokenTypeIds, tensors.AttentionMask).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The pooler's output [batch, hidden] (tanh(dense([CLS] vector)), Hugging Face's <c>pooler_output</c>) of a padded
    /// batch, on the CPU; throws when the weights had no pooler.
    /// </summary>
    public Tensor PoolerOutput(BertBatch batch)
    {
        if (!HasPooler) throw new InvalidOperationException($"{Checkpoint.WeightsPath} has no pooler (pooler.dense.*); use mean or [CLS] pooling of the last hidden states.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var tensors = new BertBatchTensors(batch, device);
        return model.forward(tensors.InputIds, tensors.TokenTypeIds, tensors.AttentionMask).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Mean-pooled embeddings [batch, hidden] of a padded batch (on the CPU; the caller disposes).</summary>
    public Tensor MeanPooled(BertBatch batch)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = LastHiddenState(batch);
        Tensor mask = tensor(batch.AttentionMask, [batch.BatchSize, batch.SequenceLength]).to(ScalarType.Float32).unsqueeze(-1);
        using Scalar tiny = 1e-9.ToScalar();   // held through the call (see HeldScalars)
        return ((hidden * mask).sum(1) / mask.sum(1).clamp_min(tiny)).MoveToOuterDisposeScope();
    }

    /// <summary>The [CLS] token's vector [batch, hidden] of a padded batch (on the CPU; the caller disposes).</summary>
    public Tensor ClsPooled(BertBatch batch)
    {
        using var scope = NewDisposeScope();
        return LastHiddenState(batch).select(1, 0).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One embedding per text, in input order, pooled by <paramref name="pooling"/> and, when <paramref name="normalize"/>,
    /// scaled to unit L2 norm (for cosine similarity by dot product). Texts are batched by token length (short ones
    /// together, less padding); <paramref name="progress"/> receives the number of texts done after each batch.
    /// </summary>
    public float[][] Embed(
        IReadOnlyList<string> texts,
        int batchSize = 32,
        EmbeddingPooling pooling = EmbeddingPooling.Mean,
        bool normalize = false,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) =>
        SentenceBatches.Embed(Tokenizer, texts, batchSize, HiddenSize, batch =>
        {
            using Tensor pooled = pooling == EmbeddingPooling.Cls ? ClsPooled(batch) : MeanPooled(batch);
            using Tensor final = normalize ? nn.functional.normalize(pooled, p: 2, dim: 1) : pooled.alias();
            return final.data<float>().ToArray();
        }, progress, cancellationToken);

    public void Dispose() => model.Dispose();
}
