using Google.Protobuf;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Export;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Tests.Bert.Support;
using Onnx;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Bert.Export;

/// <summary>
/// ONNX export of our classifiers. Reference: ONNX Runtime 1.31.1 (Microsoft.ML.OnnxRuntime) running the exported file
/// must reproduce TorchSharp's logits within 1e-4 on a padded batch of mixed lengths (a sentence pair included, so
/// token type 1 is used); the file must then import back through <see cref="OnnxBertImporter"/> with every tensor
/// byte-equal to the model's state dict (the "importer/exporter round trip on a small ONNX BERT the test builds itself").
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class BertOnnxExporterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("marketlab-onnx-export-").FullName;

    private static readonly string[] Texts =
    [
        "great product , fast shipping and really good quality . would buy again and recommend this store",
        "bad",
        "the order was slow and the refund never came",
        "five stars",
        "i love the free gift card",
    ];

    private static BertBatch MixedBatch(BertTextTokenizer tokenizer)
    {
        List<TokenizedText> items = [.. tokenizer.EncodeAll(Texts)];
        items.Add(tokenizer.EncodePair("the item was cheap", "but the quality is terrible", row: items.Count));
        return tokenizer.Pad(items);
    }

    [LinuxTheory]
    [InlineData(2)]
    [InlineData(5)]
    public void Onnx_runtime_reproduces_torchsharp_logits_with_padding(int labels)
    {
        using BertForSequenceClassification model = ExportedClassifier.Random(labels, seed: 11 + labels);
        BertTextTokenizer tokenizer = TinyBert.Tokenizer();
        byte[] onnx = BertOnnxExporter.Build(model, Labels(labels), tokenizer).ToByteArray();

        foreach (BertBatch batch in new[] { MixedBatch(tokenizer), ExportedClassifier.Batch(tokenizer, "one star", "happy customer would buy again") })
        {
            Assert.Contains(0L, batch.AttentionMask); // padding present in both batches
            float[] expected = ExportedClassifier.TorchLogits(model, batch);
            (float[] logits, float[] probabilities) = ExportedClassifier.OnnxRuntime(onnx, batch);
            double worst = ExportedClassifier.MaxAbsDifference(expected, logits);
            output.WriteLine($"{labels} labels, batch {batch.BatchSize} x {batch.SequenceLength}: max |logit difference| = {worst:E2}, largest |logit| = {expected.Max(Math.Abs):F2}");
            Assert.True(worst <= 1e-4, $"max |logit difference| = {worst:E2}");
            Assert.True(expected.Max(Math.Abs) > 0.1, "the logits are too small for the comparison to mean anything");
            Assert.True(ExportedClassifier.MaxAbsDifference(Softmax(expected, labels), probabilities) <= 1e-5);
        }
    }

    [LinuxFact]
    public void A_mean_pooling_classifier_exports_its_pooling()
    {
        // The classifier reads the masked mean of the last hidden states, not the pooler: ONNX Runtime must agree with
        // TorchSharp on padded rows (where a [CLS] graph would give different logits), and the two poolings must differ.
        using BertForSequenceClassification mean = ExportedClassifier.Random(3, seed: 21, ClassifierPooling.Mean);
        using BertForSequenceClassification cls = ExportedClassifier.Random(3, seed: 21);
        BertTextTokenizer tokenizer = TinyBert.Tokenizer();
        BertBatch batch = MixedBatch(tokenizer);
        byte[] onnx = BertOnnxExporter.Build(mean, Labels(3), tokenizer).ToByteArray();

        float[] expected = ExportedClassifier.TorchLogits(mean, batch);
        (float[] logits, _) = ExportedClassifier.OnnxRuntime(onnx, batch);
        double worst = ExportedClassifier.MaxAbsDifference(expected, logits);
        output.WriteLine($"mean pooling, batch {batch.BatchSize} x {batch.SequenceLength}: max |logit difference| = {worst:E2}");
        Assert.True(worst <= 1e-4, $"max |logit difference| = {worst:E2}");
        Assert.True(ExportedClassifier.MaxAbsDifference(expected, ExportedClassifier.TorchLogits(cls, batch)) > 1e-2,
            "mean and [CLS] pooling gave the same logits, so this test cannot tell them apart");
    }

    [LinuxFact]
    public void Exported_classifier_imports_back_tensor_for_tensor()
    {
        using BertForSequenceClassification model = ExportedClassifier.Random(labels: 3, seed: 5);
        byte[] onnx = BertOnnxExporter.Build(model, ["a", "b", "c"], TinyBert.Tokenizer()).ToByteArray();

        OnnxBertImport import = OnnxBertImporter.Import(onnx, "exported.onnx");

        Assert.True(import.HasPooler);
        Assert.True(import.HasClassifier);
        Assert.Equal("graph", import.HeadsSource);
        BertConfig c = import.Config;
        Assert.Equal(model.Config with { LayerNormEps = c.LayerNormEps, HiddenDropoutProb = c.HiddenDropoutProb, AttentionProbsDropoutProb = c.AttentionProbsDropoutProb }, c);
        Assert.Equal(model.Config.LayerNormEps, c.LayerNormEps, 1e-18); // stored as the float32 attribute
        Dictionary<string, Tensor> state = model.state_dict();
        Assert.Equal(state.Keys.Select(Bare).Order(StringComparer.Ordinal), import.Tensors.Keys.Order(StringComparer.Ordinal));
        foreach ((string key, Tensor t) in state)
        {
            SafetensorsTensor expected = SafetensorsTorch.FromTorch(t);
            SafetensorsTensor actual = import.Tensors[Bare(key)];
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.True(expected.Data.Span.SequenceEqual(actual.Data.Span), $"{key} changed in the round trip");
        }

        // Only shape plumbing and arithmetic scalars were left out, each named.
        Assert.All(import.Constants, d => Assert.Matches("shape constant|scalar", d));
    }

    [LinuxFact]
    public void A_classifier_head_of_the_wrong_shape_is_named_by_the_importer()
    {
        using BertForSequenceClassification model = ExportedClassifier.Random(labels: 3, seed: 5);
        ModelProto proto = BertOnnxExporter.Build(model, ["a", "b", "c"], TinyBert.Tokenizer());
        TensorProto bias = proto.Graph.Initializer.Single(t => t.Name == "classifier.bias");
        bias.Dims[0] = 2;
        bias.RawData = ByteString.CopyFrom(bias.RawData.Span[..8]);

        var e = Assert.Throws<OnnxImportException>(() => OnnxBertImporter.Import(proto.ToByteArray(), "edited.onnx"));

        Assert.Contains("classifier.bias ('classifier.bias'): [2] vs expected [3]", e.Message);
    }

    [LinuxFact]
    public void Imported_checkpoint_scores_like_the_original()
    {
        using BertForSequenceClassification model = ExportedClassifier.Random(labels: 2, seed: 3);
        BertTextTokenizer tokenizer = TinyBert.Tokenizer();
        OnnxBertImporter.Import(BertOnnxExporter.Build(model, ["neg", "pos"], tokenizer).ToByteArray(), "exported.onnx").WriteCheckpoint(folder);
        tokenizer.SaveTo(folder);

        using BertForSequenceClassification reloaded = BertCheckpoint.Open(folder).LoadClassifier();
        BertBatch batch = MixedBatch(tokenizer);

        Assert.Equal(ExportedClassifier.TorchLogits(model, batch), ExportedClassifier.TorchLogits(reloaded, batch));
    }

    [LinuxFact]
    public void Graph_has_dynamic_axes_opset_17_and_the_labels_and_tokenizer_in_its_metadata()
    {
        using BertForSequenceClassification model = ExportedClassifier.Random(labels: 2, seed: 2);
        BertTextTokenizer tokenizer = TinyBert.Tokenizer();
        ModelProto proto = BertOnnxExporter.Build(model, ["neg", "pos"], tokenizer);

        Assert.Equal(8, proto.IrVersion);
        Assert.Equal(17, Assert.Single(proto.OpsetImport).Version);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], proto.Graph.Input.Select(i => i.Name));
        foreach (ValueInfoProto input in proto.Graph.Input)
        {
            Assert.Equal((int)TensorProto.Types.DataType.Int64, input.Type.TensorType.ElemType);
            Assert.Equal(["batch", "sequence"], input.Type.TensorType.Shape.Dim.Select(d => d.DimParam));
        }

        Assert.Equal(["logits", "probabilities"], proto.Graph.Output.Select(o => o.Name));
        OnnxClassifierMetadata meta = OnnxClassifierMetadata.Read(proto, "exported.onnx");
        Assert.Equal(["neg", "pos"], meta.Labels);
        BertTextTokenizer back = meta.LoadTokenizer();
        Assert.Equal(tokenizer.MaxLength, back.MaxLength);
        Assert.Equal(tokenizer.Vocabulary, back.Vocabulary);
        Assert.Equal(tokenizer.Encode(Texts[0]).InputIds, back.Encode(Texts[0]).InputIds);
    }

    [LinuxFact]
    public void Export_writes_the_file_and_refuses_a_wrong_label_count()
    {
        using BertForSequenceClassification model = ExportedClassifier.Random(labels: 2, seed: 2);
        string path = Path.Combine(folder, "sub", "model.onnx");

        BertOnnxExporter.Export(model, ["neg", "pos"], TinyBert.Tokenizer(), path);

        Assert.Equal(["neg", "pos"], OnnxClassifierMetadata.Read(path).Labels);
        Assert.False(File.Exists(path + ".partial"));
        var e = Assert.Throws<ArgumentException>(() => BertOnnxExporter.Build(model, ["a", "b", "c"], TinyBert.Tokenizer()));
        Assert.Contains("3 label names given for a classifier with 2 outputs", e.Message);
    }

    [Fact]
    public void Reading_metadata_of_a_foreign_or_missing_file_names_it()
    {
        string foreign = Path.Combine(folder, "foreign.onnx");
        File.WriteAllBytes(foreign, new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } }.ToByteArray());
        Assert.Contains("metadata_props has no 'marketlab.labels'", Assert.Throws<InvalidDataException>(() => OnnxClassifierMetadata.Read(foreign)).Message);
        Assert.Contains("missing.onnx", Assert.Throws<FileNotFoundException>(() => OnnxClassifierMetadata.Read(Path.Combine(folder, "missing.onnx"))).Message);
        string garbage = Path.Combine(folder, "garbage.onnx");
        File.WriteAllBytes(garbage, [0xFF, 0xFF, 0xFF, 0x01]);
        Assert.Contains("garbage.onnx: not an ONNX model", Assert.Throws<InvalidDataException>(() => OnnxClassifierMetadata.Read(garbage)).Message);
    }

    private static string Bare(string key) => key.StartsWith("bert.", StringComparison.Ordinal) ? key[5..] : key;

    private static string[] Labels(int count) => Enumerable.Range(0, count).Select(i => $"label{i}").ToArray();

    private static float[] Softmax(float[] logits, int labels) =>
        logits.Chunk(labels).SelectMany(row =>
        {
            double max = row.Max();
            double[] e = row.Select(v => Math.Exp(v - max)).ToArray();
            return e.Select(v => (float)(v / e.Sum()));
        }).ToArray();

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
