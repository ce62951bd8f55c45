using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace MarketLab.Experiments.Models;

/// <summary>
/// Lookups over an ONNX graph: initializers by name, the constant tensors of <c>Constant</c> nodes, the node producing
/// each value and the nodes consuming it. Tensor values are read from <c>raw_data</c> (little-endian) or the typed fields.
/// </summary>
internal sealed class OnnxGraphIndex
{
    private readonly Dictionary<string, TensorProto> constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> consumers = new(StringComparer.Ordinal);
    private readonly HashSet<string> opTypes = new(StringComparer.Ordinal);

    public OnnxGraphIndex(GraphProto graph, string path)
    {
        Path = path;
        Initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto t in graph.Initializer)
        {
            if (!Initializers.TryAdd(t.Name, t)) throw new OnnxImportException(path, $"initializer '{t.Name}' is defined twice.");
        }

        foreach (NodeProto node in graph.Node)
        {
            opTypes.Add(node.OpType);
            foreach (string output in node.Output) producers[output] = node;
            foreach (string input in node.Input.Where(i => i.Length > 0))
            {
                if (!consumers.TryGetValue(input, out List<NodeProto>? list)) consumers[input] = list = [];
                list.Add(node);
            }

            if (node.OpType == "Constant" && node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } value)
            {
                constants[node.Output[0]] = value;
            }
        }
    }

    public string Path { get; }

    /// <summary>Whether any node has operator type <paramref name="opType"/>.</summary>
    public bool HasOp(string opType) => opTypes.Contains(opType);

    public Dictionary<string, TensorProto> Initializers { get; }

    public IReadOnlyList<NodeProto> Consumers(string value) => consumers.TryGetValue(value, out List<NodeProto>? list) ? list : [];

    public NodeProto? Producer(string value) => producers.GetValueOrDefault(value);

    /// <summary>The tensor of an initializer or a Constant node's output, or null when the value is computed.</summary>
    public TensorProto? Constant(string value) => Initializers.GetValueOrDefault(value) ?? constants.GetValueOrDefault(value);

    /// <summary>Integer values of a constant int64 / int32 tensor (null when <paramref name="value"/> is not such a constant).</summary>
    public long[]? Int64s(string value) => Constant(value) is { } t ? Int64s(t) : null;

    public static long[]? Int64s(TensorProto t) => (TensorProto.Types.DataType)t.DataType switch
    {
        TensorProto.Types.DataType.Int64 => t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, long>(t.RawData.Span).ToArray() : t.Int64Data.ToArray(),
        TensorProto.Types.DataType.Int32 => t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, int>(t.RawData.Span).ToArray().Select(v => (long)v).ToArray() : t.Int32Data.Select(v => (long)v).ToArray(),
        _ => null,
    };

    /// <summary>Float values of a constant float tensor (null when <paramref name="value"/> is not such a constant).</summary>
    public float[]? Floats(string value) => Constant(value) is { DataType: (int)TensorProto.Types.DataType.Float } t ? Floats(t).ToArray() : null;

    /// <summary>The float32 values of <paramref name="t"/>; throws naming the tensor when the bytes do not fit its shape.</summary>
    public ReadOnlySpan<float> Floats(TensorProto t)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0)
        {
            throw new OnnxImportException(Path, $"tensor '{t.Name}' keeps its data in an external file; only self-contained ONNX files are supported.");
        }

        long count = t.Dims.Aggregate(1L, (a, d) => checked(a * d));
        ReadOnlySpan<float> values = t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(t.RawData.Span) : t.FloatData.ToArray();
        if ((t.RawData.Length > 0 && t.RawData.Length != count * sizeof(float)) || values.Length != count)
        {
            throw new OnnxImportException(Path, $"tensor '{t.Name}' has shape [{string.Join(", ", t.Dims)}] ({count} values) but holds {(t.RawData.Length > 0 ? t.RawData.Length + " bytes" : values.Length + " values")} (truncated or corrupt file?).");
        }

        return values;
    }

    /// <summary>Parses a serialized ModelProto; a corrupt or truncated file throws <see cref="OnnxImportException"/> naming it.</summary>
    public static ModelProto ParseModel(byte[] bytes, string path)
    {
        if (bytes.Length == 0) throw new OnnxImportException(path, "the file is empty.");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException(path, $"not a readable ONNX ModelProto ({e.Message}); the file is truncated or corrupt.");
        }

        if (model.Graph is null || model.Graph.Node.Count == 0)
        {
            throw new OnnxImportException(path, "the ModelProto has no graph nodes (truncated file, or not an ONNX model).");
        }

        return model;
    }
}
