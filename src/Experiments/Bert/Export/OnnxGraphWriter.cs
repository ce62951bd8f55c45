using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace MarketLab.Experiments.Bert.Export;

/// <summary>
/// Appends nodes and initializers to an ONNX <see cref="GraphProto"/> (the onnx.proto messages of OnnxSharp over
/// Google.Protobuf). Each node gets a unique output name; initializers keep the names given, so the Hugging Face
/// state-dict names survive in the file.
/// </summary>
internal sealed class OnnxGraphWriter(string name)
{
    private int counter;

    public GraphProto Graph { get; } = new() { Name = name };

    /// <summary>Adds <paramref name="op"/> (default domain) and returns its single output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        string output = $"{op}_{++counter}";
        var node = new NodeProto { OpType = op, Name = $"/{op}_{counter}", Input = { inputs }, Output = { output } };
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Adds a node whose output carries a chosen name (a graph output).</summary>
    public string NamedNode(string op, string output, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = "/" + output, Input = { inputs }, Output = { output } };
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return output;
    }

    public string Float(string tensorName, long[] dims, ReadOnlySpan<float> values)
    {
        Graph.Initializer.Add(new TensorProto
        {
            Name = tensorName,
            DataType = (int)TensorProto.Types.DataType.Float,
            Dims = { dims },
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)),
        });
        return tensorName;
    }

    /// <summary>An anonymous float scalar (a constant of the arithmetic, such as 1/sqrt(2)).</summary>
    public string Scalar(float value) => Float($"const_{++counter}", [], [value]);

    /// <summary>An anonymous int64 tensor (shape pieces, axes, Range bounds); <paramref name="dims"/> empty for a scalar.</summary>
    public string Int64(long[] dims, params long[] values)
    {
        string tensorName = $"const_{++counter}";
        Graph.Initializer.Add(new TensorProto { Name = tensorName, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { dims }, Int64Data = { values } });
        return tensorName;
    }

    public void Input(string tensorName, TensorProto.Types.DataType type, params string[] dims) => Graph.Input.Add(Value(tensorName, type, dims));

    public void Output(string tensorName, TensorProto.Types.DataType type, params string[] dims) => Graph.Output.Add(Value(tensorName, type, dims));

    public static AttributeProto Int(string attribute, long value) => new() { Name = attribute, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string attribute, params long[] values) => new() { Name = attribute, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    public static AttributeProto Real(string attribute, float value) => new() { Name = attribute, Type = AttributeProto.Types.AttributeType.Float, F = value };

    // A graph input or output: element type and dimensions, numeric ("384") or symbolic ("batch", dynamic).
    private static ValueInfoProto Value(string tensorName, TensorProto.Types.DataType type, string[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (string d in dims)
        {
            shape.Dim.Add(long.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                ? new TensorShapeProto.Types.Dimension { DimValue = size }
                : new TensorShapeProto.Types.Dimension { DimParam = d });
        }

        return new ValueInfoProto { Name = tensorName, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }
}
