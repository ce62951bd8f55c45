using System.Text.RegularExpressions;
using MarketLab.Experiments.Bert.Modeling;
using Onnx;

namespace MarketLab.Experiments.Models;

/// <summary>
/// Reads BERT sizes from an ONNX export: vocabulary, hidden, positions and token types from the embedding tables,
/// layers from the highest <c>encoder.layer.N</c>, intermediate from layer 0's FFN bias, heads from the Reshape that
/// splits layer 0's query into [batch, seq, heads, head size] (a constant shape, or a Concat of constants), and the
/// LayerNorm epsilon from the decomposed LayerNorm (Add of a scalar before Sqrt) or a LayerNormalization node.
/// </summary>
internal static partial class OnnxBertConfigReader
{
    public static (BertConfig Config, string HeadsSource) Read(OnnxGraphIndex graph, IReadOnlyDictionary<string, TensorProto> byKey, BertConfig? expected)
    {
        long[] Dims(string key) => byKey.TryGetValue(key, out TensorProto? t) ? t.Dims.ToArray()
            : throw new OnnxImportException(graph.Path, $"required tensor {key} not found (no initializer with that name).");

        long[] words = Dims("embeddings.word_embeddings.weight");
        if (words.Length != 2) throw new OnnxImportException(graph.Path, $"embeddings.word_embeddings.weight has shape [{string.Join(", ", words)}]; expected [vocab, hidden].");
        int hidden = (int)words[1];
        int layers = byKey.Keys.Select(k => LayerIndex().Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        if (layers == 0) throw new OnnxImportException(graph.Path, "no encoder.layer.N tensors found; not a BERT encoder export.");
        if (!graph.HasOp("Erf"))
        {
            throw new NotSupportedException($"{graph.Path}: no Erf node found; only BERT with exact (erf-based) GELU is supported.");
        }

        int? graphHeads = HeadsFromGraph(graph, byKey.GetValueOrDefault("encoder.layer.0.attention.self.query.bias")?.Name, hidden);
        int heads = graphHeads ?? expected?.NumAttentionHeads
            ?? throw new OnnxImportException(graph.Path, "the number of attention heads could not be read from the query Reshape and no expected config was given.");
        double eps = EpsFromGraph(graph, byKey.GetValueOrDefault("embeddings.LayerNorm.weight")?.Name) ?? expected?.LayerNormEps ?? 1e-12;
        var config = new BertConfig(
            VocabSize: (int)words[0],
            HiddenSize: hidden,
            NumHiddenLayers: layers,
            NumAttentionHeads: heads,
            IntermediateSize: (int)Dims("encoder.layer.0.intermediate.dense.bias")[0],
            MaxPositionEmbeddings: (int)Dims("embeddings.position_embeddings.weight")[0],
            TypeVocabSize: (int)Dims("embeddings.token_type_embeddings.weight")[0],
            LayerNormEps: eps,
            NumLabels: expected?.NumLabels ?? 2);
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new OnnxImportException(graph.Path, $"the sizes read from the graph are inconsistent: {e.Message}");
        }

        if (expected is not null) RequireAgreement(graph.Path, config, expected);
        return (config, graphHeads is null ? "hint" : "graph");
    }

    private static void RequireAgreement(string path, BertConfig read, BertConfig expected)
    {
        var differences = new List<string>();
        void Check(string name, double a, double b)
        {
            if (Math.Abs(a - b) > 1e-6 * Math.Abs(b)) differences.Add($"{name}: graph {a}, expected {b}");
        }

        Check("vocab_size", read.VocabSize, expected.VocabSize);
        Check("hidden_size", read.HiddenSize, expected.HiddenSize);
        Check("num_hidden_layers", read.NumHiddenLayers, expected.NumHiddenLayers);
        Check("num_attention_heads", read.NumAttentionHeads, expected.NumAttentionHeads);
        Check("intermediate_size", read.IntermediateSize, expected.IntermediateSize);
        Check("max_position_embeddings", read.MaxPositionEmbeddings, expected.MaxPositionEmbeddings);
        Check("type_vocab_size", read.TypeVocabSize, expected.TypeVocabSize);
        Check("layer_norm_eps", read.LayerNormEps, expected.LayerNormEps);
        if (differences.Count > 0)
        {
            throw new OnnxImportException(path, $"the graph disagrees with the expected config: {string.Join("; ", differences)}.");
        }
    }

    // Add(query bias, MatMul) -> Reshape(_, shape) with shape [b, s, heads, size] constant or Concat(b, s, heads, size).
    private static int? HeadsFromGraph(OnnxGraphIndex graph, string? queryBias, int hidden)
    {
        if (queryBias is null || graph.Consumers(queryBias) is not [{ OpType: "Add" } add]) return null;
        foreach (NodeProto reshape in graph.Consumers(add.Output[0]).Where(n => n.OpType == "Reshape" && n.Input.Count == 2))
        {
            long? heads = null, size = null;
            if (graph.Int64s(reshape.Input[1]) is { Length: 4 } shape)
            {
                (heads, size) = (shape[2], shape[3]);
            }
            else if (graph.Producer(reshape.Input[1]) is { OpType: "Concat" } concat && concat.Input.Count == 4
                && graph.Int64s(concat.Input[2]) is [long h] && graph.Int64s(concat.Input[3]) is [long d])
            {
                (heads, size) = (h, d);
            }

            if (heads > 0 && (size is null or <= 0 ? hidden % heads == 0 : heads * size == hidden)) return (int)heads.Value;
        }

        return null;
    }

    // Mul(Div(x - mean, Sqrt(Add(var, eps))), weight), or LayerNormalization(x, weight, bias, epsilon=...).
    private static double? EpsFromGraph(OnnxGraphIndex graph, string? weight)
    {
        if (weight is null || graph.Consumers(weight) is not [var node]) return null;
        if (node.OpType == "LayerNormalization") return node.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5;
        if (node.OpType != "Mul") return null;
        foreach (string input in node.Input)
        {
            if (graph.Producer(input) is { OpType: "Div" } div && div.Input.Count == 2
                && graph.Producer(div.Input[1]) is { OpType: "Sqrt" } sqrt
                && graph.Producer(sqrt.Input[0]) is { OpType: "Add" } add)
            {
                foreach (string term in add.Input)
                {
                    // The float32 constant printed shortest (1E-12), not its double widening (9.99999996E-13).
                    if (graph.Floats(term) is [float eps]) return double.Parse(eps.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"^encoder\.layer\.(\d+)\.")]
    private static partial Regex LayerIndex();
}
