using Onnx;

namespace MarketLab.Experiments.Models;

/// <summary>
/// Recognises initializers that are graph constants rather than weights, so the importer can exclude them by rule
/// instead of by name: small integer tensors that only feed shape plumbing (Reshape sizes through Concat, Slice
/// bounds, Unsqueeze axes), float scalars that only feed element-wise arithmetic (GELU's sqrt 2, LayerNorm's epsilon,
/// the attention scale), and the position-id buffer <c>embeddings.position_ids</c> = [[0, 1, ..., P-1]].
/// </summary>
internal static class OnnxGraphConstants
{
    private const int MaxShapeElements = 8;

    private static readonly HashSet<string> ShapeOps = new(StringComparer.Ordinal)
    {
        "Concat", "Reshape", "Slice", "Unsqueeze", "Squeeze", "Expand", "Range", "ConstantOfShape", "Tile", "ReduceMean", "ReduceSum",
    };

    private static readonly HashSet<string> ArithmeticOps = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Equal", "Where", "Less", "Greater",
    };

    /// <summary>A description of the constant, or null when <paramref name="t"/> is not a recognised constant.</summary>
    public static string? Describe(OnnxGraphIndex graph, TensorProto t)
    {
        IReadOnlyList<NodeProto> consumers = graph.Consumers(t.Name);
        if (consumers.Count == 0) return null; // an unused tensor is reported, not silently dropped
        string key = t.Name.StartsWith("bert.", StringComparison.Ordinal) ? t.Name[5..] : t.Name;
        if (key == "embeddings.position_ids") return PositionIds(graph, t);
        long elements = t.Dims.Aggregate(1L, (a, d) => a * d);
        if (OnnxGraphIndex.Int64s(t) is { } ints && elements <= MaxShapeElements && consumers.All(n => ShapeOps.Contains(n.OpType) || IsGatherIndex(n, t.Name)))
        {
            return $"'{t.Name}' = [{string.Join(", ", ints)}] (shape constant for {string.Join(", ", consumers.Select(n => n.OpType).Distinct())})";
        }

        if (t.DataType == (int)TensorProto.Types.DataType.Float && elements == 1 && consumers.All(n => ArithmeticOps.Contains(n.OpType)))
        {
            return $"'{t.Name}' = {graph.Floats(t)[0]} (scalar for {string.Join(", ", consumers.Select(n => n.OpType).Distinct())})";
        }

        return null;
    }

    /// <summary>Name, type, shape and consumers of an initializer, for error messages.</summary>
    public static string Summary(OnnxGraphIndex graph, TensorProto t)
    {
        IReadOnlyList<NodeProto> consumers = graph.Consumers(t.Name);
        string use = consumers.Count == 0 ? "used by no node" : "used by " + string.Join(", ", consumers.Select(n => $"{n.OpType} '{n.Name}'").Take(3));
        return $"'{t.Name}' {(TensorProto.Types.DataType)t.DataType} [{string.Join(", ", t.Dims)}] {use}";
    }

    private static bool IsGatherIndex(NodeProto node, string name) => node.OpType == "Gather" && node.Input.Count == 2 && node.Input[1] == name && node.Input[0] != name;

    // Our embeddings compute positions 0..seq-1 on the fly; a buffer holding anything else would change the model.
    private static string PositionIds(OnnxGraphIndex graph, TensorProto t)
    {
        long[] ids = OnnxGraphIndex.Int64s(t) ?? throw new OnnxImportException(graph.Path, $"'{t.Name}' is {(TensorProto.Types.DataType)t.DataType}; expected int64 position ids.");
        long expectedCount = t.Dims.Aggregate(1L, (a, d) => a * d);
        if (ids.Length != expectedCount)
        {
            throw new OnnxImportException(graph.Path, $"'{t.Name}' has shape [{string.Join(", ", t.Dims)}] but holds {ids.Length} values (truncated file?).");
        }

        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] != i) throw new OnnxImportException(graph.Path, $"'{t.Name}'[{i}] = {ids[i]}; position ids must be 0, 1, 2, ... (absolute positions).");
        }

        return $"'{t.Name}' = 0..{ids.Length - 1} (position ids, computed on the fly by our embeddings)";
    }
}
