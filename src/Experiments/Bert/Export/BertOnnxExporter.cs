using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using Onnx;
using static TorchSharp.torch;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MarketLab.Experiments.Bert.Export;

/// <summary>
/// Writes a fine-tuned <see cref="BertForSequenceClassification"/> as an ONNX model (opset 17, IR version 8: the newest
/// pair Debian's onnx 1.12 checker knows; ONNX Runtime 1.31 runs it). Inputs <c>input_ids</c>, <c>attention_mask</c>,
/// <c>token_type_ids</c> (int64 [batch, sequence], both axes dynamic); outputs <c>logits</c> and
/// <c>probabilities</c> (softmax of the logits) [batch, labels]. The graph follows the layout of torch.onnx exports of
/// Hugging Face BERT so <c>Models/OnnxBertImporter</c> reads it back: each dense layer is <c>Add(MatMul(x, W), bias)</c>
/// with W stored [in, out] (named <c>&lt;module&gt;.weight.T</c>, found by the importer through its bias), the head split
/// is a Reshape to a constant [0, 0, heads, size], GELU is the exact erf form and LayerNorm is the opset-17
/// LayerNormalization node. Biases, embeddings, LayerNorms, the pooler and the classifier keep their state-dict names.
/// Labels, the tokenizer's vocabulary and settings and its maximum length travel in the model's metadata_props
/// (<see cref="OnnxClassifierMetadata"/>), so the file alone scores text.
/// </summary>
public static class BertOnnxExporter
{
    /// <summary>The operator set written (LayerNormalization needs 17; onnx 1.12's checker knows up to 17).</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written (onnx 1.12 reads up to 8).</summary>
    public const int IrVersion = 8;

    // Added to the attention scores at padding keys: exp(-1e9 - max) is 0 in float32, the same as the -inf of
    // scaled_dot_product_attention's boolean mask, without -inf arithmetic in the graph.
    private const float MaskedScore = -1e9f;

    /// <summary>Exports the checkpoint folder of a fine-tuned classifier (config.json with id2label, vocab, weights).</summary>
    public static void ExportCheckpoint(string directory, string onnxPath, int maxLength = 128)
    {
        BertCheckpoint checkpoint = BertCheckpoint.Open(directory);
        IReadOnlyList<string> labels = BertConfigJson.ReadLabels(Path.Combine(directory, BertCheckpoint.ConfigFile))
            ?? throw new InvalidDataException($"{Path.Combine(directory, BertCheckpoint.ConfigFile)} has no id2label: it is not a fine-tuned classifier.");
        using BertForSequenceClassification model = checkpoint.LoadClassifier();
        Export(model, labels, checkpoint.LoadTokenizer(maxLength), onnxPath);
    }

    /// <summary>Writes the model to <paramref name="onnxPath"/> (through a temporary file, so a failure leaves no half file).</summary>
    public static void Export(BertForSequenceClassification model, IReadOnlyList<string> labels, BertTextTokenizer tokenizer, string onnxPath)
    {
        byte[] bytes = Build(model, labels, tokenizer).ToByteArray();
        string full = Path.GetFullPath(onnxPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".partial";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>
    /// The ONNX model of a bare encoder (no pooler, no head) for sentence embeddings: outputs <c>last_hidden_state</c>,
    /// <c>mean_pooled</c> and <c>cls</c> (<see cref="BertOnnxGraph.WriteEncoder"/>). <see cref="Models.OnnxSentenceEncoder"/> runs it.
    /// </summary>
    public static ModelProto BuildEncoder(BertModel model, BertConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        Dictionary<string, Tensor> state = model.state_dict().ToDictionary(kv => "bert." + kv.Key, kv => kv.Value);
        var graph = new BertOnnxGraph(new OnnxGraphWriter("marketlab-bert-encoder"), state, config);
        graph.WriteEncoder();
        return Proto(graph, $"BertModel encoder: {config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads.");
    }

    // The model around a written graph: opset, IR version, producer.
    private static ModelProto Proto(BertOnnxGraph graph, string description) => new()
    {
        IrVersion = IrVersion,
        ProducerName = "MarketLab",
        ProducerVersion = typeof(BertOnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
        Domain = "marketlab.bert",
        DocString = description,
        Graph = graph.Writer.Graph,
        OpsetImport = { new OperatorSetIdProto { Domain = "", Version = Opset } },
    };

    /// <summary>The ONNX model of <paramref name="model"/>; <paramref name="labels"/> name the logits in order.</summary>
    public static ModelProto Build(BertForSequenceClassification model, IReadOnlyList<string> labels, BertTextTokenizer tokenizer)
    {
        BertConfig config = model.Config;
        if (labels.Count != config.NumLabels)
        {
            throw new ArgumentException($"{labels.Count} label names given for a classifier with {config.NumLabels} outputs.", nameof(labels));
        }

        Dictionary<string, Tensor> state = model.state_dict();
        var graph = new BertOnnxGraph(new OnnxGraphWriter("marketlab-bert-classifier"), state, config);
        graph.Write();
        ModelProto proto = Proto(graph, $"BertForSequenceClassification: {config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads, {labels.Count} labels.");
        foreach ((string key, string value) in OnnxClassifierMetadata.From(labels, tokenizer).ToProperties())
        {
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return proto;
    }
}
