using System.IO.Compression;
using System.Text.Json;
using MarketLab.Experiments.Bert.Tokenization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace MarketLab.Experiments.Bert.Export;

/// <summary>
/// An exported BERT classifier scored in ML.NET: our WordPiece tokenizer as a transform (text -> <c>input_ids</c>,
/// <c>attention_mask</c>, <c>token_type_ids</c>, int64 vectors as long as the row's tokens), then
/// <c>ApplyOnnxModel</c> (Microsoft.ML.OnnxTransformer over ONNX Runtime; shapes [1, -1] so each row runs unpadded),
/// then the predicted label (the most probable class). Columns added: <c>logits</c>, <c>probabilities</c>
/// (float vectors, one entry per label) and <c>PredictedLabel</c> (text).
/// <para>Saving: ML.NET's <c>Model.Save</c> stores the ONNX step (the model bytes included) but cannot store the
/// tokenizer or the label step, which are custom mappings whose state (vocabulary, labels) a <c>CustomMappingFactory</c>
/// cannot carry (see <see cref="MLNet.BertModelFile"/> for the same limit). <see cref="Save"/> therefore writes one zip
/// holding the ML.NET model of the ONNX step beside a manifest with the text column, labels and tokenizer, and
/// <see cref="Load"/> rebuilds the same three-step chain.</para>
/// </summary>
public sealed class BertOnnxClassifier : ITransformer
{
    public const string PredictedLabelColumn = "PredictedLabel";
    public const string ProbabilitiesColumn = "probabilities";
    public const string LogitsColumn = "logits";

    private const string ManifestEntry = "marketlab-onnx-classifier.json";
    private const string OnnxStepEntry = "mlnet-onnx.zip";

    private readonly MLContext ml;
    private readonly ITransformer onnxStep;
    private readonly TransformerChain<ITransformer> chain;

    private BertOnnxClassifier(MLContext ml, OnnxClassifierMetadata metadata, string textColumn, ITransformer onnxStep)
    {
        this.ml = ml;
        Metadata = metadata;
        TextColumn = textColumn;
        this.onnxStep = onnxStep;
        chain = new TransformerChain<ITransformer>(
            BertOnnxMappings.Tokenizer(ml, metadata.LoadTokenizer(), textColumn).Fit(ml.Data.LoadFromEnumerable(Array.Empty<BertOnnxMappings.TextRow>(), BertOnnxMappings.TextSchema(textColumn))),
            onnxStep,
            BertOnnxMappings.Labeler(ml, metadata.Labels).Fit(ml.Data.LoadFromEnumerable(Array.Empty<BertOnnxMappings.ProbabilityRow>(), BertOnnxMappings.ProbabilitySchema(metadata.Labels.Count))));
    }

    /// <summary>Labels, tokenizer and maximum length read from the exported file's metadata.</summary>
    public OnnxClassifierMetadata Metadata { get; }

    public string TextColumn { get; }

    public bool IsRowToRowMapper => true;

    /// <summary>Builds the pipeline for <paramref name="onnxPath"/> (a file written by <see cref="BertOnnxExporter"/>).</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="onnxPath">The exported model.</param>
    /// <param name="textColumn">The input column holding the text.</param>
    /// <param name="threads">ONNX Runtime intra-op threads.</param>
    /// <param name="maxLength">Longest input in tokens, at most the length stored at export; null keeps that length.</param>
    public static BertOnnxClassifier Create(MLContext ml, string onnxPath, string textColumn = "Text", int threads = 1, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        OnnxClassifierMetadata metadata = OnnxClassifierMetadata.Read(onnxPath);
        if (maxLength is int length)
        {
            // The export's length is capped at the model's positions; a longer one would fail inside ONNX Runtime.
            ArgumentOutOfRangeException.ThrowIfLessThan(length, 3, nameof(maxLength));
            if (length > metadata.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLength), length,
                    $"{onnxPath} was exported for inputs of at most {metadata.MaxLength} tokens; export it again with a larger --max-length (up to the model's positions).");
            }

            metadata = metadata with { MaxLength = length };
        }
        var options = new OnnxOptions
        {
            ModelFile = onnxPath,
            InputColumns = [.. BertOnnxMappings.IdColumns],
            OutputColumns = [LogitsColumn, ProbabilitiesColumn],
            // One row per run, its own length: the batch axis is 1, the sequence axis stays unknown (ML.NET allows one).
            ShapeDictionary = BertOnnxMappings.IdColumns.ToDictionary(c => c, _ => new[] { 1, -1 }),
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        IDataView tokenized = ml.Data.LoadFromEnumerable(Array.Empty<BertOnnxMappings.TokenRow>(), BertOnnxMappings.TokenSchema());
        ITransformer onnxStep = ml.Transforms.ApplyOnnxModel(options).Fit(tokenized);
        return new BertOnnxClassifier(ml, metadata, textColumn, onnxStep);
    }

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => chain.GetOutputSchema(inputSchema);

    public IDataView Transform(IDataView input) => chain.Transform(input);

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => ((ITransformer)chain).GetRowToRowMapper(inputSchema);

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("mlContext.Model.Save cannot store BertOnnxClassifier's tokenizer; call BertOnnxClassifier.Save(path) and BertOnnxClassifier.Load(ml, path).");

    /// <summary>Writes one zip: the ML.NET model of the ONNX step (ONNX bytes inside) and a manifest with the tokenizer and labels.</summary>
    public void Save(string path)
    {
        string temp = path + ".partial";
        try
        {
            using (var zip = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                using (Stream s = zip.CreateEntry(ManifestEntry).Open())
                {
                    JsonSerializer.Serialize(s, new Manifest(1, TextColumn, Metadata.Labels.ToArray(), Metadata.Vocabulary, Metadata.TokenizerConfig, Metadata.MaxLength));
                }

                using (Stream s = zip.CreateEntry(OnnxStepEntry).Open())
                {
                    ml.Model.Save(onnxStep, ml.Data.LoadFromEnumerable(Array.Empty<BertOnnxMappings.TokenRow>(), BertOnnxMappings.TokenSchema()).Schema, s);
                }
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads a file written by <see cref="Save"/>.</summary>
    public static BertOnnxClassifier Load(MLContext ml, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file not found: {Path.GetFullPath(path)}.", path);
        using ZipArchive zip = ZipFile.OpenRead(path);
        ZipArchiveEntry Entry(string name) => zip.GetEntry(name)
            ?? throw new InvalidDataException($"{path} has no entry '{name}': it was not written by BertOnnxClassifier.Save.");
        Manifest manifest;
        using (Stream s = Entry(ManifestEntry).Open())
        {
            manifest = JsonSerializer.Deserialize<Manifest>(s) ?? throw new InvalidDataException($"{path}: {ManifestEntry} is empty.");
        }

        if (manifest.Format != 1) throw new InvalidDataException($"{path}: format {manifest.Format} is not supported (this version reads format 1).");
        ITransformer onnxStep;
        using (var buffer = new MemoryStream())
        {
            using (Stream s = Entry(OnnxStepEntry).Open()) s.CopyTo(buffer);
            buffer.Position = 0;
            onnxStep = ml.Model.Load(buffer, out _);
        }

        var metadata = new OnnxClassifierMetadata(manifest.Labels, manifest.Vocabulary, manifest.TokenizerConfig, manifest.MaxLength);
        return new BertOnnxClassifier(ml, metadata, manifest.TextColumn, onnxStep);
    }

    private sealed record Manifest(int Format, string TextColumn, string[] Labels, string Vocabulary, string TokenizerConfig, int MaxLength);
}
