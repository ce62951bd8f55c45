using MarketLab.Experiments.Bert.Export;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Bert.Tokenization;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Inference;

/// <summary>
/// Scores texts with a fine-tuned classifier from either back-end: a checkpoint folder (config.json with id2label,
/// vocab, model.safetensors) runs on TorchSharp in padded batches; an .onnx file written by
/// <see cref="BertOnnxExporter"/> runs through ML.NET's ApplyOnnxModel (<see cref="BertOnnxClassifier"/>). One entry
/// point for <c>marketlab bert predict</c> and library users.
/// </summary>
public static class BertPredictor
{
    /// <param name="model">A checkpoint folder, or an .onnx file.</param>
    /// <param name="texts">Non-empty texts.</param>
    /// <param name="maxLength">Longest input in tokens (longer texts are truncated); null: 128 for a folder, the length stored in an .onnx file.</param>
    /// <param name="batchSize">Rows per TorchSharp batch.</param>
    /// <param name="threads">Intra-op threads of TorchSharp or ONNX Runtime.</param>
    public static BertPredictions Predict(string model, IReadOnlyList<string> texts, int? maxLength = null, int batchSize = 32, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        for (int i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i])) throw new ArgumentException($"Text {i + 1} is empty; BERT needs at least one token.", nameof(texts));
        }

        if (Directory.Exists(model)) return WithTorch(model, texts, maxLength ?? 128, batchSize, threads);
        if (File.Exists(model)) return WithOnnx(model, texts, maxLength, threads);
        throw new FileNotFoundException($"No model folder or .onnx file at {Path.GetFullPath(model)}.", model);
    }

    private static BertPredictions WithTorch(string directory, IReadOnlyList<string> texts, int maxLength, int batchSize, int threads)
    {
        TorchRuntime.Initialize(new TorchRuntimeOptions(TorchDevicePreference.Cpu, threads));
        BertCheckpoint checkpoint = BertCheckpoint.Open(directory);
        IReadOnlyList<string> labels = BertConfigJson.ReadLabels(Path.Combine(directory, BertCheckpoint.ConfigFile))
            ?? throw new InvalidDataException($"{Path.Combine(directory, BertCheckpoint.ConfigFile)} has no id2label: it is not a fine-tuned classifier.");
        BertTextTokenizer tokenizer = checkpoint.LoadTokenizer(maxLength);
        using BertForSequenceClassification classifier = checkpoint.LoadClassifier();
        var probabilities = new List<float[]>(texts.Count);
        using var _ = no_grad();
        foreach (string[] chunk in texts.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            using var batch = new BertBatchTensors(tokenizer.Pad(tokenizer.EncodeAll(chunk)));
            Tensor p = nn.functional.softmax(classifier.forward(batch.InputIds, batch.TokenTypeIds, batch.AttentionMask), 1);
            float[] flat = p.data<float>().ToArray();
            probabilities.AddRange(flat.Chunk(labels.Count));
        }

        return new BertPredictions(labels, probabilities, "TorchSharp");
    }

    private static BertPredictions WithOnnx(string onnxPath, IReadOnlyList<string> texts, int? maxLength, int threads)
    {
        var ml = new MLContext(seed: 0);
        BertOnnxClassifier scorer = BertOnnxClassifier.Create(ml, onnxPath, "Text", threads, maxLength);
        IDataView scored = scorer.Transform(ml.Data.LoadFromEnumerable(texts.Select(t => new BertOnnxMappings.TextRow { Text = t }).ToArray()));
        float[][] probabilities = scored.GetColumn<float[]>(BertOnnxClassifier.ProbabilitiesColumn).ToArray();
        return new BertPredictions(scorer.Metadata.Labels, probabilities, "ONNX Runtime via ML.NET ApplyOnnxModel");
    }
}
