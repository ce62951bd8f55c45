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
/// The nodes need not compute BERT: only the structure the importer reads is faithful.
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
        foreach (string input in new[] { "input_ids", "attention_mask", "token_type_ids" }) graph.Input.Add(new ValueInfoProto { Name = input });
        Int64Initializer("embeddings.position_ids", [1, Config.MaxPositionEmbeddings], Enumerable.Range(0, Config.MaxPositionEmbeddings).Select(i => (long)i).ToArray());
        string start = Int64Initializer(Next(), [1], [0]), end = Node("Unsqueeze", ["input_ids"]);
        string positions = Node("Slice", ["embeddings.position_ids", start, end]);
        string words = Node("Gather", [Named("embeddings.word_embeddings.weight"), "input_ids"]);
        string types = Node("Gather", [Named("embeddings.token_type_embeddings.weight"), "token_type_ids"]);
        string sum = Node("Add", [Node("Add", [words, types]), Node("Gather", [Named("embeddings.position_embeddings.weight"), positions])]);
        string hidden = LayerNorm(sum, "embeddings.LayerNorm");
        for (int layer = 0; layer < Config.NumHiddenLayers; layer++)
        {
            string p = $"encoder.layer.{layer}.";
            string q = SplitHeads(Linear(hidden, p + "attention.self.query"));
            string k = SplitHeads(Linear(hidden, p + "attention.self.key"));
            string v = SplitHeads(Linear(hidden, p + "attention.self.value"));
            string context = Node("MatMul", [Node("Softmax", [Node("MatMul", [q, k])]), v]);
            string attention = LayerNorm(Node("Add", [Linear(context, p + "attention.output.dense"), hidden]), p + "attention.output.LayerNorm");
            string inner = Linear(attention, p + "intermediate.dense");
            string gelu = Node("Mul", [Node("Mul", [inner, Node("Add", [Node("Erf", [Node("Div", [inner, Scalar(1.4142135f)])]), Scalar(1f)])]), Scalar(0.5f)]);
            hidden = LayerNorm(Node("Add", [Linear(gelu, p + "output.dense"), attention]), p + "output.LayerNorm");
        }

        graph.Node.Add(new NodeProto { OpType = "Identity", Name = "output", Input = { hidden }, Output = { "last_hidden_state" } });
        graph.Output.Add(new ValueInfoProto { Name = "last_hidden_state" });
        if (withPooler)
        {
            string pooled = Node("Gemm", [hidden, Named("pooler.dense.weight"), Named("pooler.dense.bias")], new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(new NodeProto { OpType = "Tanh", Name = "pooler_tanh", Input = { pooled }, Output = { "pooler_output" } });
            graph.Output.Add(new ValueInfoProto { Name = "pooler_output" });
        }
    }

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

    private string SplitHeads(string x)
    {
        string batch = Node("Unsqueeze", [Node("Shape", [x])]), seq = Node("Unsqueeze", [Node("Shape", [x])]);
        long heads = Config.NumAttentionHeads, size = Config.HeadSize;
        string h = HeadsAsConstantNodes ? ConstantNode([heads]) : Int64Initializer(Next(), [1], [heads]);
        string d = HeadsAsConstantNodes ? ConstantNode([size]) : Int64Initializer(Next(), [1], [size]);
        return Node("Reshape", [x, Node("Concat", [batch, seq, h, d], new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 })]);
    }

    private string LayerNorm(string x, string module)
    {
        string centred = Node("Sub", [x, Node("ReduceMean", [x])]);
        string variance = Node("ReduceMean", [Node("Pow", [centred, Scalar(2f)])]);
        string normed = Node("Div", [centred, Node("Sqrt", [Node("Add", [variance, Scalar(1e-12f)])])]);
        return Node("Add", [Node("Mul", [normed, Named(module + ".weight")]), Named(module + ".bias")]);
    }

    private string Named(string key) => FloatInitializer(key, Shapes[key], Weights[key]);

    private string Scalar(float value) => FloatInitializer(Next(), [], [value]);

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
        graph.Initializer.Add(new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { dims }, Int64Data = { values } });
        return name;
    }
}
