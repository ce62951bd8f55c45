using Google.Protobuf;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Models;
using Onnx;

namespace MarketLab.Experiments.Tests.Models.Support;

/// <summary>
/// Writes a small ONNX BERT with the structure of torch.onnx.export of a Hugging Face BertModel: named embeddings,
/// biases and LayerNorms; anonymous dense weights stored [in, out] behind MatMul -> Add(bias); decomposed LayerNorm
/// (eps as a scalar); erf GELU; the query/key/value Reshape shapes as Concat(batch, seq, heads, size) with int64
/// constants (initializers, or Constant nodes); optionally a Gemm pooler with a named [out, in] weight.
/// The graph computes BERT's last hidden state (ONNX Runtime runs it), with the additive -10000 attention mask.
/// </summary>
internal sealed class TinyOnnxBert
{
    public static BertConfig Config { get; } = new(VocabSize: 40, HiddenSize: 8, NumHiddenLayers: 2, NumAttentionHeads: 2, IntermediateSize: 16, MaxPositionEmbeddings: 16, TypeVocabSize: 2);

    private readonly GraphProto graph = new() { Name = "tiny-bert" };
    private int counter;

    public TinyOnnxBert(bool withPooler = true, bool headsAsConstantNodes = false, int seed = 7)
    {
        var random = new Random(seed);
        foreach ((string key, long[] shape) in OnnxBertImporter.ExpectedShapes(Config, withPooler))
        {
            Weights[key] = Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => random.NextSingle() - 0.5f).ToArray();
            Shapes[key] = shape;
        }

        HeadsAsConstantNodes = headsAsConstantNodes;
        Build(withPooler);
    }

    /// <summary>The weights in torch layout (Linear [out, in]) by state-dict name.</summary>
    public Dictionary<string, float[]> Weights { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long[]> Shapes { get; } = new(StringComparer.Ordinal);

    public bool HeadsAsConstantNodes { get; }

    public GraphProto Graph => graph;

    public ModelProto Model => new() { IrVersion = 7, ProducerName = "marketlab-tests", Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 13 } } };

    public byte[] Bytes() => Model.ToByteArray();

    private void Build(bool withPooler)
    {
        foreach (string input in new[] { "input_ids", "attention_mask", "token_type_ids" }) graph.Input.Add(Value(input, TensorProto.Types.DataType.Int64, "batch", "sequence"));
        // Additive mask as transformers < 4.30 exports it: (1 - mask[:, None, None, :]) * -10000.
        string mask4 = Node("Unsqueeze", [Node("Unsqueeze", ["attention_mask", Int64Initializer(Next(), [1], [1])]), Int64Initializer(Next(), [1], [2])]);
        string additiveMask = Node("Mul", [Node("Sub", [Scalar(1f), Node("Cast", [mask4], Int("to", 1))]), Scalar(-10000f)]);
        Int64Initializer("embeddings.position_ids", [1, Config.MaxPositionEmbeddings], Enumerable.Range(0, Config.MaxPositionEmbeddings).Select(i => (long)i).ToArray());
        string positions = Node("Slice", ["embeddings.position_ids", Int64Initializer(Next(), [1], [0]), Dim("input_ids", 1), Int64Initializer(Next(), [1], [1])]);
        string words = Node("Gather", [Named("embeddings.word_embeddings.weight"), "input_ids"]);
        string types = Node("Gather", [Named("embeddings.token_type_embeddings.weight"), "token_type_ids"]);
        string sum = Node("Add", [Node("Add", [words, types]), Node("Gather", [Named("embeddings.position_embeddings.weight"), positions])]);
        string hidden = LayerNorm(sum, "embeddings.LayerNorm");
        for (int layer = 0; layer < Config.NumHiddenLayers; layer++)
        {
            string p = $"encoder.layer.{layer}.";
            string q = Node("Transpose", [SplitHeads(Linear(hidden, p + "attention.self.query"))], Ints("perm", 0, 2, 1, 3));
            string kT = Node("Transpose", [SplitHeads(Linear(hidden, p + "attention.self.key"))], Ints("perm", 0, 2, 3, 1));
            string v = Node("Transpose", [SplitHeads(Linear(hidden, p + "attention.self.value"))], Ints("perm", 0, 2, 1, 3));
            string scores = Node("Add", [Node("Div", [Node("MatMul", [q, kT]), Scalar(MathF.Sqrt(Config.HeadSize))]), additiveMask]);
            string context = Node("Transpose", [Node("MatMul", [Node("Softmax", [scores], Int("axis", -1)), v])], Ints("perm", 0, 2, 1, 3));
            string merged = Node("Reshape", [context, Node("Concat", [Dim(context, 0), Dim(context, 1), Int64Initializer(Next(), [1], [Config.HiddenSize])], Int("axis", 0))]);
            string attention = LayerNorm(Node("Add", [Linear(merged, p + "attention.output.dense"), hidden]), p + "attention.output.LayerNorm");
            string inner = Linear(attention, p + "intermediate.dense");
            string gelu = Node("Mul", [Node("Mul", [inner, Node("Add", [Node("Erf", [Node("Div", [inner, Scalar(1.4142135f)])]), Scalar(1f)])]), Scalar(0.5f)]);
            hidden = LayerNorm(Node("Add", [Linear(gelu, p + "output.dense"), attention]), p + "output.LayerNorm");
        }

        graph.Node.Add(new NodeProto { OpType = "Identity", Name = "output", Input = { hidden }, Output = { "last_hidden_state" } });
        graph.Output.Add(Value("last_hidden_state", TensorProto.Types.DataType.Float, "batch", "sequence", Config.HiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (withPooler)
        {
            string first = Node("Gather", [hidden, Int64Initializer(Next(), [], [0])], Int("axis", 1));
            string pooled = Node("Gemm", [first, Named("pooler.dense.weight"), Named("pooler.dense.bias")], Int("transB", 1));
            graph.Node.Add(new NodeProto { OpType = "Tanh", Name = "pooler_tanh", Input = { pooled }, Output = { "pooler_output" } });
            graph.Output.Add(Value("pooler_output", TensorProto.Types.DataType.Float, "batch", Config.HiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Number of initializers that are graph constants (position ids, shape pieces, scalars).</summary>
    public int ConstantInitializers { get; private set; }

    // A graph input or output with element type and symbolic (or numeric) dimensions.
    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params string[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (string d in dims)
        {
            shape.Dim.Add(long.TryParse(d, out long size) ? new TensorShapeProto.Types.Dimension { DimValue = size } : new TensorShapeProto.Types.Dimension { DimParam = d });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    // Dimension `axis` of x as a 1-element int64 tensor: Unsqueeze(Gather(Shape(x), axis), [0]).
    private string Dim(string x, long axis) =>
        Node("Unsqueeze", [Node("Gather", [Node("Shape", [x]), Int64Initializer(Next(), [], [axis])], Int("axis", 0)), Int64Initializer(Next(), [1], [0])]);

    private string Next() => (++counter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Node(string op, string[] inputs, params AttributeProto[] attributes)
    {
        string output = $"{op.ToLowerInvariant()}_{Next()}";
        var node = new NodeProto { OpType = op, Name = $"{op}_{counter}", Input = { inputs }, Output = { output } };
        node.Attribute.Add(attributes);
        graph.Node.Add(node);
        return output;
    }

    // x @ W ([in, out], anonymous) + named bias, the order torch.onnx.export writes: Add(bias, MatMul).
    private string Linear(string x, string module)
    {
        long[] shape = Shapes[module + ".weight"];
        float[] torchWeight = Weights[module + ".weight"];
        var inOut = new float[torchWeight.Length];
        for (int o = 0; o < shape[0]; o++)
        {
            for (int i = 0; i < shape[1]; i++) inOut[(i * shape[0]) + o] = torchWeight[(o * shape[1]) + i];
        }

        string weight = FloatInitializer($"onnx::MatMul_{Next()}", [shape[1], shape[0]], inOut);
        return Node("Add", [Named(module + ".bias"), Node("MatMul", [x, weight])]);
    }

    // [batch, seq, hidden] -> [batch, seq, heads, size] through Concat(batch, seq, heads, size), as torch.onnx exports view().
    private string SplitHeads(string x)
    {
        long heads = Config.NumAttentionHeads, size = Config.HeadSize;
        string h = HeadsAsConstantNodes ? ConstantNode([heads]) : Int64Initializer(Next(), [1], [heads]);
        string d = HeadsAsConstantNodes ? ConstantNode([size]) : Int64Initializer(Next(), [1], [size]);
        return Node("Reshape", [x, Node("Concat", [Dim(x, 0), Dim(x, 1), h, d], Int("axis", 0))]);
    }

    private string LayerNorm(string x, string module)
    {
        string centred = Node("Sub", [x, Node("ReduceMean", [x], Ints("axes", -1))]);
        string variance = Node("ReduceMean", [Node("Pow", [centred, Scalar(2f)])], Ints("axes", -1));
        string normed = Node("Div", [centred, Node("Sqrt", [Node("Add", [variance, Scalar(1e-12f)])])]);
        return Node("Add", [Node("Mul", [normed, Named(module + ".weight")]), Named(module + ".bias")]);
    }

    private string Named(string key) => FloatInitializer(key, Shapes[key], Weights[key]);

    private string Scalar(float value)
    {
        ConstantInitializers++;
        return FloatInitializer(Next(), [], [value]);
    }

    private string ConstantNode(long[] values)
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64, Dims = { values.Length }, Int64Data = { values } };
        return Node("Constant", [], new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = tensor });
    }

    private string FloatInitializer(string name, long[] dims, float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        graph.Initializer.Add(new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { dims }, RawData = ByteString.CopyFrom(bytes) });
        return name;
    }

    private string Int64Initializer(string name, long[] dims, long[] values)
    {
        ConstantInitializers++;
        graph.Initializer.Add(new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { dims }, Int64Data = { values } });
        return name;
    }
}
