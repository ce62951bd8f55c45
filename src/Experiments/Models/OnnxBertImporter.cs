using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using MarketLab.Experiments.Bert.Checkpoints;
using MarketLab.Experiments.Bert.Modeling;
using Onnx;

namespace MarketLab.Experiments.Models;

/// <summary>
/// Imports the weights of an ONNX export of a Hugging Face BertModel (torch.onnx.export of transformers' BertModel) into
/// our state-dict names. Embeddings, biases and LayerNorms keep their Hugging Face names in such exports, but the dense
/// weights are often anonymous MatMul initializers stored [in, out]; each is identified by structure: the MatMul's
/// output feeds the Add whose other input is the named bias (or the bias is input C of a Gemm). Strict: every
/// initializer is either a weight used exactly once or a recognised graph constant (Reshape sizes, Slice bounds, the
/// position-id buffer); every BERT tensor is present with the shape the sizes imply; otherwise
/// <see cref="OnnxImportException"/> names each offending tensor.
/// </summary>
public static partial class OnnxBertImporter
{
    /// <summary>Reads and imports <paramref name="path"/>; <paramref name="expected"/> (e.g. the catalog's config) must agree with the graph.</summary>
    public static OnnxBertImport Import(string path, BertConfig? expected = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX file not found: {path}.", path);
        return Import(File.ReadAllBytes(path), path, expected);
    }

    /// <summary>Imports a serialized ModelProto; <paramref name="source"/> names it in errors.</summary>
    public static OnnxBertImport Import(byte[] onnx, string source, BertConfig? expected = null)
    {
        ModelProto model = OnnxGraphIndex.ParseModel(onnx, source);
        var graph = new OnnxGraphIndex(model.Graph, source);
        var plan = new Dictionary<string, (string Initializer, bool Transpose)>(StringComparer.Ordinal);
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);

        void Claim(string target, string initializer, bool transpose)
        {
            if (claimed.TryGetValue(initializer, out string? other))
            {
                throw new OnnxImportException(source, $"initializer '{initializer}' would be used twice: as {other} and as {target}.");
            }

            if (plan.TryGetValue(target, out var previous))
            {
                throw new OnnxImportException(source, $"{target} has two sources: initializers '{previous.Initializer}' and '{initializer}'.");
            }

            plan[target] = (initializer, transpose);
            claimed[initializer] = target;
        }

        // 1. Tensors carrying Hugging Face names ("bert." prefix allowed, as in BertFor* exports).
        foreach (string name in graph.Initializers.Keys)
        {
            string key = name.StartsWith("bert.", StringComparison.Ordinal) ? name[5..] : name;
            if (!NamedTensor().IsMatch(key) && !LinearTensor().IsMatch(key)) continue;
            bool transpose = key.EndsWith(".weight", StringComparison.Ordinal) && LinearTensor().IsMatch(key) && NamedWeightIsInOut(graph, name);
            Claim(key, name, transpose);
        }

        // 2. Anonymous dense weights, found from their named bias by graph structure.
        foreach (string biasKey in plan.Keys.Where(k => LinearTensor().IsMatch(k) && k.EndsWith(".bias", StringComparison.Ordinal)).ToList())
        {
            string weightKey = biasKey[..^".bias".Length] + ".weight";
            if (plan.ContainsKey(weightKey)) continue;
            (string weight, bool transpose) = WeightOfBias(graph, plan[biasKey].Initializer, biasKey);
            Claim(weightKey, weight, transpose);
        }

        // 3. Everything else must be a recognised constant.
        var constants = new List<string>();
        var unmatched = new List<string>();
        foreach ((string name, TensorProto t) in graph.Initializers.Where(kv => !claimed.ContainsKey(kv.Key)))
        {
            if (OnnxGraphConstants.Describe(graph, t) is { } description) constants.Add(description);
            else unmatched.Add(OnnxGraphConstants.Summary(graph, t));
        }

        if (unmatched.Count > 0)
        {
            throw new OnnxImportException(source, $"{unmatched.Count} initializer(s) are neither a BERT weight nor a recognised constant: {string.Join("; ", unmatched)}.");
        }

        // 4. Sizes, then the strict name and shape check.
        (BertConfig config, string headsSource) = OnnxBertConfigReader.Read(graph, plan.ToDictionary(kv => kv.Key, kv => graph.Initializers[kv.Value.Initializer]), expected);
        // A classification head (our exporter's BertForSequenceClassification, or transformers' own export) is kept:
        // its rows are the labels. Its shape is checked with the rest below.
        int? labels = null;
        if (plan.TryGetValue(ClassifierWeight, out var head))
        {
            long[] headDims = graph.Initializers[head.Initializer].Dims.ToArray();
            labels = (int)(head.Transpose ? headDims[^1] : headDims[0]);
            config = config with { NumLabels = labels.Value };
        }

        Dictionary<string, long[]> shapes = ExpectedShapes(config, plan.Keys.Any(k => k.StartsWith("pooler.", StringComparison.Ordinal)), labels);
        var missing = shapes.Keys.Where(k => !plan.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = plan.Keys.Where(k => !shapes.ContainsKey(k)).Order(StringComparer.Ordinal).Select(k => $"{k} (from '{plan[k].Initializer}')").ToList();
        var mismatched = new List<string>();
        foreach ((string key, (string init, bool transpose)) in plan.Where(kv => shapes.ContainsKey(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            long[] dims = graph.Initializers[init].Dims.ToArray();
            if (transpose) Array.Reverse(dims);
            if (!dims.SequenceEqual(shapes[key]))
            {
                mismatched.Add($"{key} ('{init}'{(transpose ? ", transposed" : "")}): [{string.Join(", ", dims)}] vs expected [{string.Join(", ", shapes[key])}]");
            }
        }

        if (missing.Count + unexpected.Count + mismatched.Count > 0)
        {
            string Part(string what, List<string> items) => items.Count == 0 ? "" : $" {what}: {string.Join("; ", items)}.";
            throw new OnnxImportException(source, $"the weights do not match a BERT with {Describe(config)}." +
                Part("Missing", missing) + Part("Unexpected", unexpected) + Part("Wrong shape", mismatched));
        }

        var tensors = new SortedDictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach ((string key, (string init, bool transpose)) in plan)
        {
            tensors[key] = ToSafetensors(graph, graph.Initializers[init], transpose);
        }

        return new OnnxBertImport(config, tensors, constants, headsSource);
    }

    /// <summary>
    /// The state-dict names and shapes of a BertModel with <paramref name="config"/>; with <paramref name="classifierLabels"/>,
    /// also the classification head (<c>classifier.weight</c> [labels, hidden], <c>classifier.bias</c>) of BertForSequenceClassification.
    /// </summary>
    public static Dictionary<string, long[]> ExpectedShapes(BertConfig config, bool withPooler, int? classifierLabels = null)
    {
        long h = config.HiddenSize, i = config.IntermediateSize;
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["embeddings.word_embeddings.weight"] = [config.VocabSize, h],
            ["embeddings.position_embeddings.weight"] = [config.MaxPositionEmbeddings, h],
            ["embeddings.token_type_embeddings.weight"] = [config.TypeVocabSize, h],
            ["embeddings.LayerNorm.weight"] = [h],
            ["embeddings.LayerNorm.bias"] = [h],
        };
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            string p = $"encoder.layer.{layer}.";
            foreach (string dense in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                shapes[$"{p}{dense}.weight"] = [h, h];
                shapes[$"{p}{dense}.bias"] = [h];
            }

            shapes[$"{p}intermediate.dense.weight"] = [i, h];
            shapes[$"{p}intermediate.dense.bias"] = [i];
            shapes[$"{p}output.dense.weight"] = [h, i];
            shapes[$"{p}output.dense.bias"] = [h];
            foreach (string norm in new[] { "attention.output.LayerNorm", "output.LayerNorm" })
            {
                shapes[$"{p}{norm}.weight"] = [h];
                shapes[$"{p}{norm}.bias"] = [h];
            }
        }

        if (withPooler)
        {
            shapes["pooler.dense.weight"] = [h, h];
            shapes["pooler.dense.bias"] = [h];
        }

        if (classifierLabels is int labels)
        {
            shapes[ClassifierWeight] = [labels, h];
            shapes["classifier.bias"] = [labels];
        }

        return shapes;
    }

    private const string ClassifierWeight = "classifier.weight";

    internal static string Describe(BertConfig c) =>
        $"{c.NumHiddenLayers} layers, hidden {c.HiddenSize}, {c.NumAttentionHeads} heads, intermediate {c.IntermediateSize}, vocab {c.VocabSize}, {c.MaxPositionEmbeddings} positions, {c.TypeVocabSize} token types";

    // Is a named Linear weight stored [in, out]? MatMul(x, W) is; Gemm(x, W, b) is unless transB = 1.
    private static bool NamedWeightIsInOut(OnnxGraphIndex graph, string name)
    {
        NodeProto node = SingleConsumer(graph, name);
        if (node.OpType == "MatMul" && node.Input.Count == 2 && node.Input[1] == name) return true;
        if (node.OpType == "Gemm" && node.Input.Count >= 2 && node.Input[1] == name) return TransB(node) != 1;
        throw new OnnxImportException(graph.Path, $"weight '{name}' feeds {node.OpType} '{node.Name}' rather than a MatMul or Gemm as its second input.");
    }

    private static (string Weight, bool Transpose) WeightOfBias(OnnxGraphIndex graph, string bias, string key)
    {
        NodeProto node = SingleConsumer(graph, bias);
        if (node.OpType == "Gemm" && node.Input.Count == 3 && node.Input[2] == bias)
        {
            return (RequireWeight(graph, node.Input[1], node, key), TransB(node) != 1);
        }

        if (node.OpType == "Add" && node.Input.Count == 2)
        {
            string other = node.Input[0] == bias ? node.Input[1] : node.Input[0];
            if (graph.Producer(other) is { OpType: "MatMul" } matmul && matmul.Input.Count == 2)
            {
                return (RequireWeight(graph, matmul.Input[1], matmul, key), true);
            }
        }

        throw new OnnxImportException(graph.Path,
            $"cannot find the weight of {key}: its bias '{bias}' feeds {node.OpType} '{node.Name}', not an Add of a MatMul with a constant weight (or a Gemm).");
    }

    private static string RequireWeight(OnnxGraphIndex graph, string name, NodeProto node, string key)
    {
        if (!graph.Initializers.TryGetValue(name, out TensorProto? t) || t.Dims.Count != 2)
        {
            throw new OnnxImportException(graph.Path, $"the weight input '{name}' of {node.OpType} '{node.Name}' (for {key}) is not a 2-D initializer.");
        }

        SingleConsumer(graph, name);
        return name;
    }

    private static NodeProto SingleConsumer(OnnxGraphIndex graph, string name)
    {
        IReadOnlyList<NodeProto> consumers = graph.Consumers(name);
        return consumers.Count == 1 ? consumers[0] : throw new OnnxImportException(graph.Path,
            $"initializer '{name}' is used by {consumers.Count} nodes ({string.Join(", ", consumers.Select(n => $"{n.OpType} '{n.Name}'"))}); a weight must be used exactly once.");
    }

    private static long TransB(NodeProto gemm) => gemm.Attribute.FirstOrDefault(a => a.Name == "transB")?.I ?? 0;

    private static SafetensorsTensor ToSafetensors(OnnxGraphIndex graph, TensorProto t, bool transpose)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new OnnxImportException(graph.Path, $"weight '{t.Name}' has ONNX data type {(TensorProto.Types.DataType)t.DataType}; only float32 exports are supported.");
        }

        ReadOnlySpan<float> values = graph.Floats(t);
        long[] dims = t.Dims.ToArray();
        var data = new float[values.Length];
        if (transpose)
        {
            // [in, out] row-major -> [out, in]: element (r, c) moves to (c, r).
            int rows = (int)dims[0], cols = (int)dims[1];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++) data[(c * rows) + r] = values[(r * cols) + c];
            }

            Array.Reverse(dims);
        }
        else
        {
            values.CopyTo(data);
        }

        return new SafetensorsTensor(SafetensorsDType.F32, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
    }

    [GeneratedRegex(@"^(embeddings\.(word_embeddings|position_embeddings|token_type_embeddings)\.weight|embeddings\.LayerNorm\.(weight|bias)|encoder\.layer\.\d+\.(attention\.output|output)\.LayerNorm\.(weight|bias))$")]
    private static partial Regex NamedTensor();

    [GeneratedRegex(@"^(encoder\.layer\.\d+\.(attention\.self\.(query|key|value)|attention\.output\.dense|intermediate\.dense|output\.dense)|pooler\.dense|classifier)\.(weight|bias)$")]
    private static partial Regex LinearTensor();
}
